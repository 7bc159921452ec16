namespace NeuralDsl.Runtime.Tests.Charts;

public sealed class SvgChartTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "svg-chart-tests-" + Guid.NewGuid().ToString("N"));

    public SvgChartTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ChartSeries Series(string name, double[] y, string color = "#1f77b4", bool dashed = false) =>
        new(name, y.Select((_, i) => (double)(i + 1)).ToArray(), y, color) { Dashed = dashed };

    private static ChartPanel Panel(params ChartSeries[] series)
    {
        var panel = new ChartPanel("Title", "Epoch", "Loss") { IntegerX = true };
        panel.Series.AddRange(series);
        return panel;
    }

    [Fact]
    public void Document_is_800_by_600_with_a_matching_view_box()
    {
        var svg = ParsedSvg.Parse(SvgChart.Render([Panel(Series("a", [3, 2, 1]))]));

        Assert.Equal(800, svg.Width);
        Assert.Equal(600, svg.Height);
        Assert.Equal([0, 0, 800, 600], svg.ViewBox);
    }

    [Fact]
    public void Panels_sit_side_by_side_without_overlapping()
    {
        var svg = ParsedSvg.Parse(SvgChart.Render([Panel(Series("a", [3, 2, 1])), Panel(Series("b", [1, 2, 3]))]));

        Assert.Equal(2, svg.Panels.Count);
        var leftPoints = ParsedSvg.Points(ParsedSvg.Polylines(svg.Panels[0]).Single());
        var rightPoints = ParsedSvg.Points(ParsedSvg.Polylines(svg.Panels[1]).Single());
        Assert.True(leftPoints.Max(p => p.X) < rightPoints.Min(p => p.X));
        var rightAxisLabels = ParsedSvg.ByClass(svg.Panels[1], "text", "y-tick").Select(t => ParsedSvg.Number(t, "x"));
        Assert.True(leftPoints.Max(p => p.X) < rightAxisLabels.Min());
    }

    [Fact]
    public void Text_is_escaped_for_xml()
    {
        var panel = new ChartPanel("<loss> & \"acc\"", "x < y", "it's");
        panel.Series.Add(Series("a&b <c>\u0001", [1, 2]));

        var svg = ParsedSvg.Parse(SvgChart.Render([panel], title: "R&D"));

        Assert.Equal("R&D", ParsedSvg.Texts(svg.Root, "chart-title").Single());
        Assert.Equal("<loss> & \"acc\"", ParsedSvg.Texts(svg.Root, "panel-title").Single());
        Assert.Equal("x < y", ParsedSvg.Texts(svg.Root, "x-label").Single());
        Assert.Equal("it's", ParsedSvg.Texts(svg.Root, "y-label").Single());
        // A control character cannot be in XML at all; it is replaced, not written raw.
        Assert.Equal("a&b <c>\uFFFD", svg.LegendLabels.Single());
        Assert.Equal("a&b <c>\uFFFD", ParsedSvg.Polylines(svg.Root).Single().Attribute("data-series")!.Value);
    }

    [Fact]
    public void A_higher_value_is_drawn_higher_on_screen_on_the_scale_of_the_tick_labels()
    {
        double[] values = [0.9, 0.5, 0.7, 0.2, 0.3];
        var svg = ParsedSvg.Parse(SvgChart.Render([Panel(Series("a", values))]));

        var points = ParsedSvg.Points(ParsedSvg.Polylines(svg.Root).Single());
        // SVG's y grows downwards: the largest value has the smallest y, the smallest value the largest.
        Assert.Equal(0, points.Select(p => p.Y).ToList().IndexOf(points.Min(p => p.Y)));
        Assert.Equal(3, points.Select(p => p.Y).ToList().IndexOf(points.Max(p => p.Y)));
        // Pixels per unit from the data equal pixels per unit from the tick labels: the labels tell the truth.
        var ticks = ParsedSvg.YTicks(svg.Panels[0]);
        double tickScale = (ticks[^1].Y - ticks[0].Y) / (ticks[^1].Value - ticks[0].Value);
        double dataScale = (points[0].Y - points[3].Y) / (values[0] - values[3]);
        Assert.True(tickScale < 0);
        Assert.Equal(tickScale, dataScale, 0.01 * Math.Abs(tickScale));
        // And the x of point i grows with i at a constant pitch.
        for (int i = 2; i < points.Count; i++) Assert.Equal(points[1].X - points[0].X, points[i].X - points[i - 1].X, 0.02);
    }

    [Fact]
    public void Tick_labels_ascend_along_their_axes()
    {
        var svg = ParsedSvg.Parse(SvgChart.Render([Panel(Series("a", Enumerable.Range(0, 30).Select(i => 2.0 / (i + 1)).ToArray()))]));

        var y = ParsedSvg.YTicks(svg.Panels[0]);
        Assert.True(y.Count >= 3);
        for (int i = 1; i < y.Count; i++)
        {
            Assert.True(y[i].Value > y[i - 1].Value);
            Assert.True(y[i].Y < y[i - 1].Y, "a larger y tick must be higher on screen");
        }
        var x = ParsedSvg.ByClass(svg.Root, "text", "x-tick").Select(t => (Value: ParsedSvg.Number(t.Value), X: ParsedSvg.Number(t, "x"))).ToList();
        Assert.True(x.Count >= 3);
        for (int i = 1; i < x.Count; i++)
        {
            Assert.True(x[i].Value > x[i - 1].Value);
            Assert.True(x[i].X > x[i - 1].X);
            // Labels of about three characters at 12 px need more than 30 px between their centres not to touch.
            Assert.True(x[i].X - x[i - 1].X > 30, $"x tick labels {x[i - 1].Value} and {x[i].Value} are crowded");
        }
        Assert.All(x, tick => Assert.Equal(Math.Round(tick.Value), tick.Value));
    }

    [Fact]
    public void Every_coordinate_lies_inside_the_view_box()
    {
        var panel = Panel(Series("training", [1e3, 2, 1e-3, double.NaN, 5]), Series("validation", [-4, 7], dashed: true));
        var svg = ParsedSvg.Parse(SvgChart.Render([panel, Panel(Series("b", [0.5]))], title: "Everything"));

        var coordinates = svg.AllCoordinates().ToList();
        Assert.NotEmpty(coordinates);
        Assert.All(coordinates, c =>
        {
            Assert.InRange(c.X, 0, 800);
            Assert.InRange(c.Y, 0, 600);
        });
    }

    [Fact]
    public void Fonts_are_at_least_12_px()
    {
        var svg = ParsedSvg.Parse(SvgChart.Render([Panel(Series("a", [1, 2]))], title: "T"));

        Assert.All(svg.Root.Descendants(ParsedSvg.Ns + "text"), text => Assert.True(ParsedSvg.Number(text, "font-size") >= 12));
    }

    [Fact]
    public void NaN_splits_a_line_and_an_isolated_point_gets_a_marker()
    {
        var svg = ParsedSvg.Parse(SvgChart.Render([Panel(Series("a", [1, 2, double.NaN, 3, 4, 5, double.NaN, 6, double.PositiveInfinity]))]));

        var polylines = ParsedSvg.Polylines(svg.Root);
        Assert.Equal([2, 3, 1], polylines.Select(p => ParsedSvg.Points(p).Count));
        Assert.All(polylines, p => Assert.Equal("a", p.Attribute("data-series")!.Value));
        // The segments keep their epochs: the second starts at epoch 4, to the right of the first's end.
        Assert.True(ParsedSvg.Points(polylines[1])[0].X > ParsedSvg.Points(polylines[0])[1].X);
        var marker = ParsedSvg.ByClass(svg.Root, "circle", "marker").Single();
        Assert.Equal(ParsedSvg.Points(polylines[2])[0], (ParsedSvg.Number(marker, "cx"), ParsedSvg.Number(marker, "cy")));
        Assert.DoesNotContain("NaN", svg.Root.ToString());
        Assert.DoesNotContain("Infinity", svg.Root.ToString());
    }

    [Fact]
    public void A_series_of_only_NaN_draws_nothing_but_the_chart_still_has_a_scale()
    {
        var svg = ParsedSvg.Parse(SvgChart.Render([Panel(Series("a", [double.NaN, double.NaN]))]));

        Assert.Empty(ParsedSvg.Polylines(svg.Root));
        Assert.True(ParsedSvg.YTicks(svg.Panels[0]).Count >= 2);
        Assert.Equal(["a"], svg.LegendLabels);
    }

    [Fact]
    public void Dashed_series_carry_a_dash_array_and_the_legend_shows_each_style_once()
    {
        var training = Series("training", [3, 2, 1]);
        var validation = Series("validation", [3.5, 2.5, 2], "#ff7f0e", dashed: true);
        var svg = ParsedSvg.Parse(SvgChart.Render([Panel(training, validation), Panel(training, validation)]));

        var polylines = ParsedSvg.Polylines(svg.Root);
        Assert.Equal(4, polylines.Count);
        Assert.Equal([false, true, false, true], polylines.Select(p => p.Attribute("stroke-dasharray") is not null));
        Assert.Equal(["training", "validation"], svg.LegendLabels);
        var swatches = ParsedSvg.ByClass(svg.Legend!, "line", "legend-swatch").ToList();
        Assert.Equal(["#1f77b4", "#ff7f0e"], swatches.Select(s => s.Attribute("stroke")!.Value));
        Assert.NotNull(swatches[1].Attribute("stroke-dasharray"));
    }

    [Fact]
    public void The_legend_is_below_the_plots_so_it_hides_no_line()
    {
        var svg = ParsedSvg.Parse(SvgChart.Render([Panel(Series("training", [3, 2, 1]), Series("validation", [3, 3, 3], dashed: true))]));

        double lowestPoint = ParsedSvg.Polylines(svg.Root).SelectMany(ParsedSvg.Points).Max(p => p.Y);
        double xLabel = ParsedSvg.Number(ParsedSvg.ByClass(svg.Root, "text", "x-label").Single(), "y");
        double legendTop = ParsedSvg.ByClass(svg.Legend!, "line", "legend-swatch").Min(l => ParsedSvg.Number(l, "y1"));
        Assert.True(lowestPoint < xLabel && xLabel < legendTop);
    }

    [Fact]
    public void Many_legend_entries_wrap_into_aligned_rows_that_fit_the_width()
    {
        var panel = Panel([.. Enumerable.Range(0, 8).Select(i => Series($"a rather long run name {i}", [i, i + 1], ChartPalette.Color(i), dashed: i % 2 == 1))]);
        var svg = ParsedSvg.Parse(SvgChart.Render([panel]));

        var labels = ParsedSvg.ByClass(svg.Legend!, "text", "legend-label").ToList();
        Assert.Equal(8, labels.Count);
        var rows = labels.GroupBy(l => ParsedSvg.Number(l, "y")).ToList();
        Assert.True(rows.Count > 1);
        // Columns line up: every row's entries start at the x positions of the first row's.
        var columns = rows[0].Select(l => ParsedSvg.Number(l, "x")).ToList();
        Assert.All(rows, row => Assert.Equal(columns.Take(row.Count()), row.Select(l => ParsedSvg.Number(l, "x"))));
        // Pairs stay together: an even number of columns.
        Assert.Equal(0, columns.Count % 2);
        Assert.All(labels, l => Assert.True(ParsedSvg.Number(l, "x") + SvgText.Width(l.Value, 13) <= 800));
    }

    [Fact]
    public void Numbers_are_invariant_under_a_culture_with_a_decimal_comma()
    {
        string path = Path.Combine(_dir, "de.svg");
        using (new DecimalCommaCulture())
            SvgChart.Write(path, [Panel(Series("a", [0.25, 0.125, 0.0625]))]);
        var svg = ParsedSvg.Load(path);

        // ParsedSvg parses every attribute and point with the invariant culture, so a decimal comma fails here.
        Assert.NotEmpty(svg.AllCoordinates());
        var labels = ParsedSvg.Texts(svg.Root, "y-tick");
        Assert.Contains(labels, l => l.Contains('.'));
        Assert.DoesNotContain(labels, l => l.Contains(','));
    }

    [Fact]
    public void Write_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_dir, "chart.svg");
        File.WriteAllText(path, "old");

        SvgChart.Write(path, [Panel(Series("a", [1, 2]))]);

        Assert.StartsWith("<svg", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_chart_needs_a_panel()
    {
        var e = Assert.Throws<ArgumentException>(() => SvgChart.Render([]));
        Assert.Contains("at least one panel", e.Message);
    }
}
