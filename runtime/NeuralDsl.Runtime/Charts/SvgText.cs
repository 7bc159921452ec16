using System.Globalization;
using System.Text;

namespace NeuralDsl;

/// <summary>What goes into an SVG document's text: XML-escaped strings, coordinates in the invariant culture, and an
/// estimate of how wide a label will be (SVG has no text measurement, and the layout needs one to avoid overlaps).</summary>
internal static class SvgText
{
    /// <summary>Average advance of a character in the sans-serif fonts renderers fall back to (DejaVu Sans, Arial,
    /// Helvetica), as a fraction of the font size; digits and lower case sit near 0.55-0.63.</summary>
    private const double CharWidth = 0.6;

    /// <summary>A coordinate: two decimals are a hundredth of a pixel, and never a locale's decimal comma.</summary>
    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Estimated width in pixels of <paramref name="text"/> at <paramref name="fontSize"/>.</summary>
    public static double Width(string text, double fontSize) => text.Length * fontSize * CharWidth;

    /// <summary>Shortens <paramref name="text"/> to at most <paramref name="maxChars"/> characters, ending in "…".</summary>
    public static string Truncate(string text, int maxChars) =>
        text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, Math.Max(0, maxChars - 1)), "…");

    /// <summary>Appends <paramref name="text"/> escaped for XML content or a quoted attribute; characters XML 1.0
    /// cannot hold at all (control characters, lone surrogates) become U+FFFD so the document stays well-formed.</summary>
    public static StringBuilder AppendEscaped(this StringBuilder builder, string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&apos;"); break;
                case '\t' or '\n' or '\r': builder.Append(' '); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        builder.Append(c).Append(text[++i]);
                    else if (c < ' ' || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
                        builder.Append('\uFFFD');
                    else
                        builder.Append(c);
                    break;
            }
        }
        return builder;
    }
}
