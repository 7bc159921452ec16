namespace NeuralDsl.Runtime.Tests.Charts;

public sealed class ScoreChartTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "score-chart-tests-" + Guid.NewGuid().ToString("N"));

    public ScoreChartTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ParsedSvg Write(IReadOnlyList<string> labels, IReadOnlyList<float> scores, string title = "Grid search")
    {
        string path = Path.Combine(_dir, "score.svg");
        ScoreChart.Write(path, title, "val_accuracy", labels, scores);
        return ParsedSvg.Load(path);
    }

    [Fact]
    public void Each_trial_is_a_labelled_point_in_trial_order()
    {
        var svg = Write(["#1", "#2", "#3", "#4"], [0.8f, 0.9f, 0.85f, 0.7f]);

        Assert.Equal(800, svg.Width);
        Assert.Equal(["Grid search"], ParsedSvg.Texts(svg.Root, "panel-title"));
        Assert.Equal(["Trial"], ParsedSvg.Texts(svg.Root, "x-label"));
        Assert.Equal(["val_accuracy"], ParsedSvg.Texts(svg.Root, "y-label"));
        Assert.Equal(["#1", "#2", "#3", "#4"], ParsedSvg.Texts(svg.Root, "x-tick"));
        var points = ParsedSvg.Points(ParsedSvg.Polylines(svg.Root).Single());
        Assert.Equal(4, points.Count);
        // Each point sits above its own label, and the best trial (0.9) is the highest on screen.
        var tickX = ParsedSvg.ByClass(svg.Root, "text", "x-tick").Select(t => ParsedSvg.Number(t, "x")).ToList();
        Assert.Equal(tickX, points.Select(p => p.X));
        Assert.Equal(1, points.Select(p => p.Y).ToList().IndexOf(points.Min(p => p.Y)));
        // Every trial is a dot, not only a bend in the line.
        Assert.Equal(4, ParsedSvg.ByClass(svg.Root, "circle", "marker").Count());
        Assert.Equal(["val_accuracy"], svg.LegendLabels);
    }

    [Fact]
    public void A_failed_trial_leaves_a_gap_and_is_marked()
    {
        var svg = Write(["a", "b", "c", "d", "e"], [0.8f, 0.9f, float.NaN, 0.7f, 0.75f]);

        var polylines = ParsedSvg.Polylines(svg.Root);
        Assert.Equal([2, 2], polylines.Select(p => ParsedSvg.Points(p).Count));
        var tickX = ParsedSvg.ByClass(svg.Root, "text", "x-tick").Select(t => ParsedSvg.Number(t, "x")).ToList();
        Assert.Equal(5, tickX.Count);
        // The cross is drawn on the failed trial's tick, and the legend says what it means.
        var cross = ParsedSvg.ByClass(svg.Root, "path", "missing").First();
        var coordinates = cross.Attribute("d")!.Value.Split(' ', ',', 'M', 'L').Where(s => s.Length > 0).Select(ParsedSvg.Number).ToList();
        Assert.Equal(tickX[2], (coordinates.Where((_, i) => i % 2 == 0).Min() + coordinates.Where((_, i) => i % 2 == 0).Max()) / 2, 0.01);
        Assert.Equal(["val_accuracy", "failed trial"], svg.LegendLabels);
        Assert.DoesNotContain("NaN", svg.Root.ToString());
    }

    [Fact]
    public void Without_a_failure_the_legend_does_not_mention_one()
    {
        var svg = Write(["a", "b"], [0.8f, 0.9f]);

        Assert.Equal(["val_accuracy"], svg.LegendLabels);
        Assert.Empty(ParsedSvg.ByClass(svg.Root, "path", "missing"));
    }

    [Fact]
    public void Long_labels_are_turned_and_stay_on_the_canvas()
    {
        var labels = new List<string>();
        foreach (string learningRate in new[] { "0.01", "0.001", "0.0001" })
            foreach (string batchSize in new[] { "32", "128" })
                labels.Add($"learning_rate={learningRate}, batch_size={batchSize}");

        var svg = Write(labels, [0.9f, 0.81f, float.NaN, 0.87f, 0.88f, 0.88f]);

        var ticks = ParsedSvg.ByClass(svg.Root, "text", "x-tick").ToList();
        Assert.Equal(labels, ticks.Select(t => t.Value));
        Assert.All(ticks, t => Assert.StartsWith("rotate(-45 ", t.Attribute("transform")!.Value));
        // A label turned 45° and anchored at its end reaches left by about its length·cos45.
        Assert.All(ticks, t => Assert.True(ParsedSvg.Number(t, "x") - (SvgText.Width(t.Value, 12) + 12) * 0.7071 >= 0, $"'{t.Value}' runs off the left edge"));
        Assert.All(svg.AllCoordinates(), c => Assert.InRange(c.Y, 0, 600));
    }

    [Fact]
    public void Many_trials_label_only_as_many_ticks_as_can_be_read()
    {
        var labels = Enumerable.Range(1, 200).Select(i => $"trial {i}").ToList();
        var svg = Write(labels, labels.Select((_, i) => 0.5f + i % 7 * 0.05f).ToList());

        var written = ParsedSvg.Texts(svg.Root, "x-tick");
        Assert.InRange(written.Count, 10, 100);
        Assert.Equal("trial 1", written[0]);
        Assert.Equal(200, ParsedSvg.Points(ParsedSvg.Polylines(svg.Root).Single()).Count);
    }

    [Fact]
    public void A_single_trial_is_drawn()
    {
        var svg = Write(["only"], [0.5f]);

        Assert.Single(ParsedSvg.Points(ParsedSvg.Polylines(svg.Root).Single()));
        Assert.Single(ParsedSvg.ByClass(svg.Root, "circle", "marker"));
    }

    [Fact]
    public void Mismatched_or_missing_trials_are_argument_errors()
    {
        string path = Path.Combine(_dir, "bad.svg");

        var e = Assert.Throws<ArgumentException>(() => ScoreChart.Write(path, "t", "score", ["a", "b"], [1f]));
        Assert.Contains("2 trial labels but 1 scores", e.Message);
        e = Assert.Throws<ArgumentException>(() => ScoreChart.Write(path, "t", "score", [], []));
        Assert.Contains("no trials", e.Message);
        Assert.Throws<ArgumentException>(() => ScoreChart.Write("", "t", "score", ["a"], [1f]));
        Assert.False(File.Exists(path));
    }
}
