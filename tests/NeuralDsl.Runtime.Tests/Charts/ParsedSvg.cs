using System.Globalization;
using System.Xml.Linq;

namespace NeuralDsl.Runtime.Tests.Charts;

/// <summary>A chart read back with System.Xml.Linq, so that tests check the drawn geometry rather than the text.</summary>
internal sealed class ParsedSvg
{
    public static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    private ParsedSvg(XDocument document) => Root = document.Root!;

    public XElement Root { get; }

    /// <summary>Parses the file; a malformed document throws here.</summary>
    public static ParsedSvg Load(string path) => new(XDocument.Load(path));

    public static ParsedSvg Parse(string text) => new(XDocument.Parse(text));

    public double Width => Number(Root, "width");
    public double Height => Number(Root, "height");

    public double[] ViewBox => Root.Attribute("viewBox")!.Value.Split(' ').Select(Number).ToArray();

    public List<XElement> Panels => ByClass(Root, "g", "panel").ToList();

    public XElement? Legend => ByClass(Root, "g", "legend").SingleOrDefault();

    public List<string> LegendLabels => Legend is null ? [] : Texts(Legend, "legend-label");

    public static IEnumerable<XElement> ByClass(XElement scope, string element, string cssClass) =>
        scope.Descendants(Ns + element).Where(e => (string?)e.Attribute("class") == cssClass);

    public static List<XElement> Polylines(XElement scope) => ByClass(scope, "polyline", "series").ToList();

    public static List<string> Texts(XElement scope, string cssClass) => ByClass(scope, "text", cssClass).Select(e => e.Value).ToList();

    /// <summary>The pairs of a polyline's <c>points</c>; each pair must be exactly "x,y" in invariant numbers.</summary>
    public static List<(double X, double Y)> Points(XElement polyline)
    {
        var points = new List<(double, double)>();
        foreach (string pair in polyline.Attribute("points")!.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = pair.Split(',');
            Assert.Equal(2, parts.Length);
            points.Add((Number(parts[0]), Number(parts[1])));
        }
        return points;
    }

    /// <summary>Each y tick label's value and its text's y (a fixed offset below the tick, the same for all).</summary>
    public static List<(double Value, double Y)> YTicks(XElement panel) =>
        ByClass(panel, "text", "y-tick").Select(t => (Number(t.Value), Number(t, "y"))).ToList();

    public static double Number(XElement element, string attribute) => Number(element.Attribute(attribute)!.Value);

    /// <summary>Only the invariant form parses: a locale's decimal comma in the file fails the test here.</summary>
    public static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Every coordinate the chart draws at: polyline points, circle centres, line ends, text anchors.</summary>
    public IEnumerable<(double X, double Y)> AllCoordinates()
    {
        foreach (var polyline in Root.Descendants(Ns + "polyline"))
            foreach (var point in Points(polyline)) yield return point;
        foreach (var circle in Root.Descendants(Ns + "circle")) yield return (Number(circle, "cx"), Number(circle, "cy"));
        foreach (var line in Root.Descendants(Ns + "line"))
        {
            yield return (Number(line, "x1"), Number(line, "y1"));
            yield return (Number(line, "x2"), Number(line, "y2"));
        }
        foreach (var text in Root.Descendants(Ns + "text")) yield return (Number(text, "x"), Number(text, "y"));
    }
}
