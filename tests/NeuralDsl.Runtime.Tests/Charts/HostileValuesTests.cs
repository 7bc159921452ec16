using System.Globalization;

namespace NeuralDsl.Runtime.Tests.Charts;

/// <summary>
/// Charts of values a real run can log but a hand-made axis does not expect: losses of 1e-20 and denormals, a perfect
/// fit, huge and constant series, and many runs. Whatever the values, every coordinate stays inside the canvas, the
/// tick labels of an axis differ and tell the truth, and each point sits at its own epoch.
/// </summary>
public sealed class HostileValuesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ndsl-hostile-charts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, float[]> HostileLosses => new()
    {
        { "constant 1e-20", [1e-20f, 1e-20f, 1e-20f] },
        { "falling from 1e-16", [1e-16f, 5e-17f, 2e-17f, 1e-17f] },
        { "perfect fit", [0f, 0f, 0f] },
        { "denormals", [1e-40f, 1e-42f, float.Epsilon] },
        { "one denormal", [float.Epsilon] },
        { "constant 1e30", [1e30f, 1e30f] },
        { "huge", [1e30f, 3e30f, 2e30f] },
        { "the float range", [float.MaxValue, -float.MaxValue, 0f] },
        { "1 and 1e-30", [1f, 1e-30f] },
        { "one ulp apart", [1f, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) + 1)] },
        { "constant", [12345.678f, 12345.678f, 12345.678f] },
        { "around zero", [-1e-20f, 1e-20f, 0f] },
        { "with NaN and Infinity", [1e-20f, float.NaN, float.PositiveInfinity, 2e-20f] },
    };

    /// <summary>A history whose loss is <paramref name="loss"/> and whose accuracy and validation loss are derived from
    /// it, so both panels see the hostile values.</summary>
    private static History HistoryOf(float[] loss) => Histories.From(
        ("loss", loss), ("accuracy", loss), ("val_loss", loss.Select(v => v * 0.5f).ToArray()));

    [Theory]
    [MemberData(nameof(HostileLosses))]
    public void Every_coordinate_lies_in_the_canvas_and_the_tick_labels_differ_and_tell_the_truth(string name, float[] loss)
    {
        string path = Path.Combine(_dir, "curves.svg");
        HistoryOf(loss).SaveChart(path);
        var svg = ParsedSvg.Load(path);

        AssertInside(svg, name);
        Assert.Equal(2, svg.Panels.Count);
        foreach (var panel in svg.Panels)
        {
            var labels = ParsedSvg.Texts(panel, "y-tick");
            Assert.True(labels.Count >= 2, $"{name}: {labels.Count} y tick labels");
            Assert.True(labels.Distinct().Count() == labels.Count, $"{name}: tick labels repeat: {string.Join(" | ", labels)}");
            var ticks = ParsedSvg.YTicks(panel);
            for (int i = 1; i < ticks.Count; i++)
                Assert.True(ticks[i].Value > ticks[i - 1].Value && ticks[i].Y < ticks[i - 1].Y, $"{name}: ticks {labels[i - 1]}, {labels[i]}");

            // The labels tell the truth: each finite point sits where its value falls between the ticks' grid lines.
            var grid = ParsedSvg.ByClass(panel, "g", "grid").Single().Elements(ParsedSvg.Ns + "line").Take(ticks.Count)
                .Select(line => ParsedSvg.Number(line, "y1")).ToList();
            double scale = (grid[^1] - grid[0]) / (ticks[^1].Value - ticks[0].Value);
            var series = ParsedSvg.Polylines(panel).Select(p => p.Attribute("data-series")!.Value).ToList();
            var points = ParsedSvg.Polylines(panel).SelectMany(ParsedSvg.Points).ToList();
            var values = panel == svg.Panels[0]
                ? loss.Concat(loss.Select(v => v * 0.5f)) // training, then validation
                : loss.AsEnumerable();
            var finite = values.Where(float.IsFinite).Select(v => (double)v).ToList();
            Assert.Equal(finite.Count, points.Count);
            for (int i = 0; i < points.Count; i++)
            {
                double expected = grid[0] + (finite[i] - ticks[0].Value) * scale;
                Assert.True(Math.Abs(points[i].Y - expected) < 0.5,
                    $"{name}: {finite[i].ToString("R", CultureInfo.InvariantCulture)} is drawn at y = {points[i].Y}, the ticks put it at {expected}");
            }
            Assert.NotEmpty(series);
        }
    }

    [Theory]
    [MemberData(nameof(HostileLosses))]
    public void A_search_of_hostile_scores_stays_in_its_canvas_with_distinct_labels(string name, float[] scores)
    {
        string path = Path.Combine(_dir, "scores.svg");
        ScoreChart.Write(path, "search", "val_loss", [.. scores.Select((_, i) => $"#{i + 1}")], scores);
        var svg = ParsedSvg.Load(path);

        AssertInside(svg, name);
        var labels = ParsedSvg.Texts(svg.Root, "y-tick");
        Assert.True(labels.Count >= 2 && labels.Distinct().Count() == labels.Count, $"{name}: {string.Join(" | ", labels)}");
    }

    [Fact]
    public void Sixty_runs_keep_every_plot_and_legend_entry_inside_a_taller_canvas()
    {
        var runs = Enumerable.Range(0, 60).ToDictionary(i => $"run {i:00} with a longer name", i => Histories.Typical(5, offset: i * 0.01f));
        string path = Path.Combine(_dir, "runs.svg");

        runs.SaveChart(path);
        var svg = ParsedSvg.Load(path);

        AssertInside(svg, "60 runs");
        Assert.Equal(800, svg.Width);
        Assert.Equal([0, 0, svg.Width, svg.Height], svg.ViewBox);
        Assert.Equal(120, svg.LegendLabels.Count);
        // The plots keep a readable height, and the legend starts below them.
        foreach (var panel in svg.Panels)
        {
            var yAxis = ParsedSvg.ByClass(panel, "g", "axes").Single().Elements(ParsedSvg.Ns + "line").First();
            Assert.True(ParsedSvg.Number(yAxis, "y2") - ParsedSvg.Number(yAxis, "y1") >= 300, "the plot is squeezed");
        }
        double lowestPlotText = svg.Panels.SelectMany(p => ParsedSvg.ByClass(p, "text", "x-label")).Max(t => ParsedSvg.Number(t, "y"));
        double legendTop = ParsedSvg.ByClass(svg.Legend!, "line", "legend-swatch").Min(l => ParsedSvg.Number(l, "y1"));
        Assert.True(lowestPlotText < legendTop);
    }

    [Fact]
    public void A_few_runs_keep_the_800_by_600_canvas()
    {
        var runs = Enumerable.Range(0, 4).ToDictionary(i => $"run {i}", i => Histories.Typical(5, offset: i * 0.01f));
        string path = Path.Combine(_dir, "runs.svg");

        runs.SaveChart(path);
        var svg = ParsedSvg.Load(path);

        Assert.Equal((800, 600), (svg.Width, svg.Height));
    }

    [Fact]
    public void A_legend_entry_wider_than_a_small_canvas_is_shortened_to_fit()
    {
        var panel = new ChartPanel("t", "Epoch", "Loss") { IntegerX = true };
        panel.Series.Add(new ChartSeries(new string('w', 60), [1, 2], [1, 2], ChartPalette.Color(0)));

        var svg = ParsedSvg.Parse(SvgChart.Render([panel], width: 200, height: 150));

        AssertInside(svg, "small canvas");
        var label = ParsedSvg.ByClass(svg.Legend!, "text", "legend-label").Single();
        Assert.True(ParsedSvg.Number(label, "x") + SvgText.Width(label.Value, 13) <= 200, $"\"{label.Value}\" runs off the canvas");
    }

    /// <summary>Validation every other epoch, from epoch 2 (zero-based 1) on, as a run with validation_freq would log.</summary>
    private static History LateValidation()
    {
        float[] loss = [1f, 0.9f, 0.8f, 0.7f, 0.6f];
        var history = new History();
        for (int epoch = 0; epoch < loss.Length; epoch++)
        {
            var metrics = new Dictionary<string, float> { ["loss"] = loss[epoch] };
            if (epoch == 1) metrics["val_loss"] = 1.9f;
            if (epoch == 3) metrics["val_loss"] = 1.7f;
            history.Add(new EpochLog(epoch, metrics, 1));
        }
        return history;
    }

    [Fact]
    public void A_metric_first_logged_in_a_later_epoch_is_drawn_at_its_epochs()
    {
        string path = Path.Combine(_dir, "late.svg");
        LateValidation().SaveChart(path);
        var svg = ParsedSvg.Load(path);

        var polylines = ParsedSvg.Polylines(svg.Panels[0]);
        var training = ParsedSvg.Points(polylines.Single(p => p.Attribute("data-series")!.Value == "training"));
        var validation = ParsedSvg.Points(polylines.Single(p => p.Attribute("data-series")!.Value == "validation"));
        Assert.Equal(5, training.Count);
        // Epochs 2 and 4 (1-based): right above the training points of the same epochs.
        Assert.Equal([training[1].X, training[3].X], validation.Select(p => p.X));
    }

    [Fact]
    public void A_metric_first_logged_in_a_later_epoch_is_written_in_its_epochs_rows()
    {
        string path = Path.Combine(_dir, "late.csv");
        LateValidation().SaveCsv(path);

        Assert.Equal(
            ["epoch,loss,val_loss,seconds", "0,1,,1", "1,0.9,1.9,1", "2,0.8,,1", "3,0.7,1.7,1", "4,0.6,,1"],
            File.ReadAllLines(path));
    }

    private static void AssertInside(ParsedSvg svg, string name)
    {
        var coordinates = svg.AllCoordinates().ToList();
        Assert.NotEmpty(coordinates);
        foreach (var (x, y) in coordinates)
        {
            Assert.True(x >= 0 && x <= svg.Width && y >= 0 && y <= svg.Height,
                $"{name}: ({x}, {y}) is outside the {svg.Width}×{svg.Height} canvas");
        }
    }
}
