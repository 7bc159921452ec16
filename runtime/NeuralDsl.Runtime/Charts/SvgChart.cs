using System.Globalization;
using System.Text;

namespace NeuralDsl;

/// <summary>
/// Writes line charts as SVG: panels side by side, each with a title, axis labels, nice ticks with light grid lines and
/// one polyline per series, and one legend below all panels (outside the plots, so it never hides a line). The layout
/// estimates text widths, so tick labels, axis labels and legend entries get room and do not overlap. Whatever the
/// data, every coordinate stays inside the canvas: ticks are exact multiples of a 1-2-5 step at any magnitude (exponent
/// labels below 1e-6 and from 1e7 on), and a legend too long for the requested height (dozens of runs) wraps into
/// columns and makes the image taller, so that the plots keep two thirds of the height asked for.
/// Elements carry classes (<c>panel</c>, <c>series</c>, <c>x-tick</c>, <c>legend-label</c>, ...) and each polyline a
/// <c>data-series</c> name, so the file can be styled or checked by a program.
/// </summary>
internal static class SvgChart
{
    public const int DefaultWidth = 800, DefaultHeight = 600;

    private const double Margin = 16, PanelGap = 36;
    private const double TitleFont = 16, LabelFont = 14, TickFont = 12, LegendFont = 13;
    private const double TickLength = 5, MarkerRadius = 3.5, CrossSize = 5;
    private const double LegendSwatch = 30, LegendRowHeight = 22, LegendSpacing = 24;
    private const double MinYTickSpacing = 40;

    /// <summary>Longer legend labels are shortened, so that two columns of them still fit beside each other.</summary>
    private const int MaxLegendChars = 40;

    /// <summary>The share of the requested height the panels keep however long the legend: below it, the image grows.</summary>
    private const double MinPanelShare = 2.0 / 3;

    private const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";
    private const string TextColor = "#222222", AxisColor = "#555555", GridColor = "#e5e5e5";
    private const string Dash = "7 4";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Renders the chart and writes it to <paramref name="path"/> through <see cref="AtomicFile"/>.</summary>
    public static void Write(string path, IReadOnlyList<ChartPanel> panels, string? title = null,
        int width = DefaultWidth, int height = DefaultHeight) =>
        AtomicFile.WriteText(path, Render(panels, title, width, height));

    /// <summary>The SVG document of <paramref name="panels"/>, side by side, under an optional overall title.</summary>
    public static string Render(IReadOnlyList<ChartPanel> panels, string? title = null,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("A chart needs at least one panel.", nameof(panels));
        if (width < 200 || height < 150)
            throw new ArgumentOutOfRangeException(nameof(width), $"A chart of {width}×{height} pixels is too small to be read; it needs at least 200×150.");

        double top = Margin;
        if (!string.IsNullOrEmpty(title)) top += TitleFont + 16;
        double legendWidth = width - 2 * Margin;
        var legend = Legend(LegendEntries(panels, LegendChars(legendWidth)), legendWidth);
        double legendHeight = legend.Rows == 0 ? 0 : legend.Rows * LegendRowHeight + 12;
        // The plots keep their share of the height asked for; a legend that needs more room (many runs) makes the
        // image taller rather than squeezing the plots or running off the canvas.
        double minPanelsHeight = height * MinPanelShare;
        if (height - Margin - legendHeight - top < minPanelsHeight)
            height = (int)Math.Ceiling(top + minPanelsHeight + legendHeight + Margin);

        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" ")
            .Append(Invariant, $"font-family=\"{FontFamily}\" font-size=\"{TickFont}\">\n");
        // An opaque background: a transparent chart turns unreadable in a dark-themed viewer.
        svg.Append(Invariant, $"<rect class=\"background\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        if (!string.IsNullOrEmpty(title))
            AppendText(svg, "chart-title", width / 2.0, Margin + TitleFont + 2, title, TitleFont + 2, "middle", bold: true);

        double bottom = height - Margin - legendHeight;
        double panelWidth = (width - 2 * Margin - (panels.Count - 1) * PanelGap) / panels.Count;
        for (int i = 0; i < panels.Count; i++)
            AppendPanel(svg, panels[i], Margin + i * (panelWidth + PanelGap), top, panelWidth, bottom - top);
        AppendLegend(svg, legend, bottom + 12, width);

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void AppendPanel(StringBuilder svg, ChartPanel panel, double left, double top, double width, double height)
    {
        svg.Append("<g class=\"panel\">\n");

        // The y ticks depend on the plot's height, which depends on the x axis's labels, whose room depends on the width
        // of the y tick labels: a first pass with an estimated height settles it.
        var layout = Layout(panel, left, top, width, height, plotHeight: height - TitleFont - 74);
        layout = Layout(panel, left, top, width, height, layout.Plot.Bottom - layout.Plot.Top);
        var (plot, axis, yTicks, yLabels, yAxisWidth) = layout;

        // The title is centred over the plot, not the panel, but stays inside the panel when it is long.
        string title = SvgText.Truncate(panel.Title, (int)(width / (TitleFont * 0.6)));
        double halfTitle = Math.Min(width, SvgText.Width(title, TitleFont)) / 2;
        double titleX = Math.Clamp((plot.Left + plot.Right) / 2, left + halfTitle, left + width - halfTitle);
        AppendText(svg, "panel-title", titleX, top + TitleFont, title, TitleFont, "middle", bold: true);

        svg.Append("<g class=\"grid\">\n");
        foreach (double tick in yTicks) AppendLine(svg, plot.Left, plot.Y(tick), plot.Right, plot.Y(tick), GridColor, 1);
        foreach (var tick in axis.Ticks) AppendLine(svg, plot.X(tick.Value), plot.Top, plot.X(tick.Value), plot.Bottom, GridColor, 1);
        svg.Append("</g>\n");

        svg.Append("<g class=\"axes\">\n");
        AppendLine(svg, plot.Left, plot.Top, plot.Left, plot.Bottom, AxisColor, 1);
        AppendLine(svg, plot.Left, plot.Bottom, plot.Right, plot.Bottom, AxisColor, 1);
        for (int i = 0; i < yTicks.Count; i++)
        {
            double y = plot.Y(yTicks[i]);
            AppendLine(svg, plot.Left - TickLength, y, plot.Left, y, AxisColor, 1);
            AppendText(svg, "y-tick", plot.Left - TickLength - 4, y + TickFont * 0.35, yLabels[i], TickFont, "end");
        }
        foreach (var tick in axis.Ticks)
        {
            double x = plot.X(tick.Value);
            AppendLine(svg, x, plot.Bottom, x, plot.Bottom + TickLength, AxisColor, 1);
            if (tick.Label is null) continue;
            double y = plot.Bottom + TickLength + TickFont + 2;
            if (axis.Rotated)
                AppendText(svg, "x-tick", x + 3, y - 2, tick.Label, TickFont, "end", rotate: -45);
            else
                AppendText(svg, "x-tick", x, y, tick.Label, TickFont, "middle");
        }
        AppendText(svg, "x-label", (plot.Left + plot.Right) / 2, top + height - 4, panel.XLabel, LabelFont, "middle");
        AppendText(svg, "y-label", plot.Left - yAxisWidth + LabelFont, (plot.Top + plot.Bottom) / 2, panel.YLabel, LabelFont, "middle", rotate: -90);
        svg.Append("</g>\n");

        foreach (var series in panel.Series) AppendSeries(svg, series, plot);
        svg.Append("</g>\n");
    }

    private static PanelLayout Layout(ChartPanel panel, double left, double top, double width, double height, double plotHeight)
    {
        var (yMin, yMax) = FiniteRange(panel.Series.SelectMany(s => s.Y));
        var (yLow, yHigh, yStep) = NiceTicks.Domain(yMin, yMax, Math.Max(3, (int)(plotHeight / MinYTickSpacing)));
        var yTicks = NiceTicks.Values(yLow, yHigh, yStep);
        var yLabels = yTicks.Select(t => NiceTicks.Format(t, yStep, Math.Max(Math.Abs(yLow), Math.Abs(yHigh)))).ToList();
        double yLabelWidth = yLabels.Count == 0 ? 0 : yLabels.Max(label => SvgText.Width(label, TickFont));

        // Left to right: the y axis's label, its tick labels, the ticks, the plot.
        double yAxisWidth = LabelFont + 12 + yLabelWidth + TickLength + 4;
        double plotLeft = left + yAxisWidth, plotRight = left + width - 12;
        var axis = panel.Categories is { } categories
            ? XAxis.Categorical(categories, plotRight - plotLeft, height, yAxisWidth)
            : XAxis.Numeric(panel, plotRight - plotLeft);
        double plotTop = top + TitleFont + 14, plotBottom = top + height - axis.LabelsHeight - LabelFont - 12;
        var plot = new Plot(plotLeft + axis.Shift, plotTop, plotRight, plotBottom, axis.Low, axis.High, yLow, yHigh);
        return new PanelLayout(plot, axis, yTicks, yLabels, yAxisWidth);
    }

    /// <summary>One polyline per unbroken run of finite points; a point with no finite neighbour gets a dot, as a
    /// one-point polyline draws nothing.</summary>
    private static void AppendSeries(StringBuilder svg, ChartSeries series, Plot plot)
    {
        int count = Math.Min(series.X.Count, series.Y.Count);
        var points = new StringBuilder();
        int start = 0;
        while (start < count)
        {
            if (!IsFinite(series, start))
            {
                if (series.MissingLabel is not null && double.IsFinite(series.X[start]))
                    AppendCross(svg, plot.X(series.X[start]), plot.Bottom - CrossSize - 4, series.MissingLabel);
                start++;
                continue;
            }
            int end = start;
            while (end < count && IsFinite(series, end)) end++;

            points.Clear();
            for (int i = start; i < end; i++)
            {
                if (i > start) points.Append(' ');
                points.Append(SvgText.Number(plot.X(series.X[i]))).Append(',').Append(SvgText.Number(plot.Y(series.Y[i])));
            }
            svg.Append("<polyline class=\"series\" data-series=\"").AppendEscaped(series.Name)
                .Append(Invariant, $"\" fill=\"none\" stroke=\"{series.Color}\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
            if (series.Dashed) svg.Append(Invariant, $" stroke-dasharray=\"{Dash}\"");
            svg.Append(" points=\"").Append(points).Append("\"/>\n");

            if (series.Markers || end - start == 1)
            {
                for (int i = start; i < end; i++)
                    svg.Append(Invariant, $"<circle class=\"marker\" cx=\"{plot.X(series.X[i]):0.##}\" cy=\"{plot.Y(series.Y[i]):0.##}\" r=\"{MarkerRadius}\" fill=\"{series.Color}\"/>\n");
            }
            start = end;
        }
    }

    private static bool IsFinite(ChartSeries series, int i) => double.IsFinite(series.X[i]) && double.IsFinite(series.Y[i]);

    private static void AppendCross(StringBuilder svg, double x, double y, string title)
    {
        svg.Append(Invariant, $"<path class=\"missing\" d=\"M{x - CrossSize:0.##},{y - CrossSize:0.##} L{x + CrossSize:0.##},{y + CrossSize:0.##} ")
            .Append(Invariant, $"M{x - CrossSize:0.##},{y + CrossSize:0.##} L{x + CrossSize:0.##},{y - CrossSize:0.##}\" ")
            .Append(Invariant, $"stroke=\"{ChartPalette.Missing}\" stroke-width=\"2.5\" stroke-linecap=\"round\"><title>")
            .AppendEscaped(title).Append("</title></path>\n");
    }

    private static (double Min, double Max) FiniteRange(IEnumerable<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double value in values)
        {
            if (!double.IsFinite(value)) continue;
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }
        return min <= max ? (min, max) : (0, 1);
    }

    /// <summary>The longest legend label that fits <paramref name="available"/> pixels beside its swatch, at most
    /// <see cref="MaxLegendChars"/>.</summary>
    private static int LegendChars(double available) =>
        Math.Clamp((int)((available - LegendSwatch - 6) / SvgText.Width("x", LegendFont)), 4, MaxLegendChars);

    private static List<LegendEntry> LegendEntries(IReadOnlyList<ChartPanel> panels, int maxChars)
    {
        var entries = new List<LegendEntry>();
        foreach (var series in panels.SelectMany(panel => panel.Series))
        {
            if (series.Name.Length > 0)
                AddOnce(new LegendEntry(SvgText.Truncate(series.Name, maxChars), series.Color, series.Dashed, series.Markers, Cross: false));
            if (series.MissingLabel is not null && series.Y.Any(y => !double.IsFinite(y)))
                AddOnce(new LegendEntry(SvgText.Truncate(series.MissingLabel, maxChars), ChartPalette.Missing, Dashed: false, Marker: false, Cross: true));
        }
        return entries;

        void AddOnce(LegendEntry entry)
        {
            if (!entries.Contains(entry)) entries.Add(entry);
        }
    }

    /// <summary>The legend's entries in a grid of as many columns as fit in <paramref name="available"/>, each column as
    /// wide as its widest entry. An even count keeps an even number of columns, so that the "training" and
    /// "validation" entries of one run stay on one row.</summary>
    private static LegendGrid Legend(List<LegendEntry> entries, double available)
    {
        var widths = entries.Select(entry => LegendSwatch + 6 + SvgText.Width(entry.Label, LegendFont)).ToArray();
        for (int columns = entries.Count; columns >= 1; columns--)
        {
            if (columns > 1 && columns < entries.Count && columns % 2 == 1 && entries.Count % 2 == 0) continue;
            var columnWidths = new double[columns];
            for (int i = 0; i < entries.Count; i++) columnWidths[i % columns] = Math.Max(columnWidths[i % columns], widths[i]);
            if (columns == 1 || columnWidths.Sum() + (columns - 1) * LegendSpacing <= available)
                return new LegendGrid(entries, columnWidths);
        }
        return new LegendGrid(entries, []);
    }

    private static void AppendLegend(StringBuilder svg, LegendGrid legend, double top, double chartWidth)
    {
        if (legend.Rows == 0) return;
        svg.Append("<g class=\"legend\">\n");
        double x0 = Math.Max(Margin, (chartWidth - legend.Width) / 2);
        for (int i = 0; i < legend.Entries.Count; i++)
        {
            var entry = legend.Entries[i];
            int column = i % legend.ColumnWidths.Length;
            double x = x0 + legend.ColumnWidths.Take(column).Sum() + column * LegendSpacing;
            double baseline = top + i / legend.ColumnWidths.Length * LegendRowHeight + LegendFont;
            double middle = baseline - LegendFont * 0.35;
            if (entry.Cross)
            {
                AppendCross(svg, x + LegendSwatch / 2, middle, entry.Label);
            }
            else
            {
                svg.Append(Invariant, $"<line class=\"legend-swatch\" x1=\"{x:0.##}\" y1=\"{middle:0.##}\" x2=\"{x + LegendSwatch:0.##}\" y2=\"{middle:0.##}\" stroke=\"{entry.Color}\" stroke-width=\"2\"");
                if (entry.Dashed) svg.Append(Invariant, $" stroke-dasharray=\"{Dash}\"");
                svg.Append("/>\n");
                if (entry.Marker)
                    svg.Append(Invariant, $"<circle cx=\"{x + LegendSwatch / 2:0.##}\" cy=\"{middle:0.##}\" r=\"{MarkerRadius}\" fill=\"{entry.Color}\"/>\n");
            }
            AppendText(svg, "legend-label", x + LegendSwatch + 6, baseline, entry.Label, LegendFont, "start");
        }
        svg.Append("</g>\n");
    }

    private static void AppendLine(StringBuilder svg, double x1, double y1, double x2, double y2, string color, double strokeWidth) =>
        svg.Append(Invariant, $"<line x1=\"{x1:0.##}\" y1=\"{y1:0.##}\" x2=\"{x2:0.##}\" y2=\"{y2:0.##}\" stroke=\"{color}\" stroke-width=\"{strokeWidth}\"/>\n");

    private static void AppendText(StringBuilder svg, string cssClass, double x, double y, string text, double fontSize, string anchor,
        bool bold = false, double rotate = 0)
    {
        svg.Append(Invariant, $"<text class=\"{cssClass}\" x=\"{x:0.##}\" y=\"{y:0.##}\" font-size=\"{fontSize}\" text-anchor=\"{anchor}\" fill=\"{TextColor}\"");
        if (bold) svg.Append(" font-weight=\"bold\"");
        if (rotate != 0) svg.Append(Invariant, $" transform=\"rotate({rotate} {x:0.##} {y:0.##})\"");
        svg.Append('>').AppendEscaped(text).Append("</text>\n");
    }

    private sealed record PanelLayout(Plot Plot, XAxis Axis, List<double> YTicks, List<string> YLabels, double YAxisWidth);

    private readonly record struct LegendEntry(string Label, string Color, bool Dashed, bool Marker, bool Cross);

    /// <summary>Legend entries laid out row by row in columns of the given widths.</summary>
    private sealed record LegendGrid(List<LegendEntry> Entries, double[] ColumnWidths)
    {
        public int Rows => ColumnWidths.Length == 0 ? 0 : (Entries.Count + ColumnWidths.Length - 1) / ColumnWidths.Length;

        public double Width => ColumnWidths.Sum() + Math.Max(0, ColumnWidths.Length - 1) * LegendSpacing;
    }

    /// <summary>The plot area in pixels and the data range it shows; maps data to pixels (SVG's y grows downwards).</summary>
    private readonly record struct Plot(double Left, double Top, double Right, double Bottom, double XLow, double XHigh, double YLow, double YHigh)
    {
        public double X(double value) => Left + (value - XLow) / (XHigh - XLow) * (Right - Left);

        public double Y(double value) => Bottom - (value - YLow) / (YHigh - YLow) * (Bottom - Top);
    }
}
