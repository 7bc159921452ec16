namespace NeuralDsl.Runtime.Tests.Charts;

public sealed class HistoryChartsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "history-charts-tests-" + Guid.NewGuid().ToString("N"));

    public HistoryChartsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private ParsedSvg Save(History history)
    {
        string path = PathOf("curves.svg");
        history.SaveChart(path);
        return ParsedSvg.Load(path);
    }

    private ParsedSvg Save(IEnumerable<KeyValuePair<string, History>> runs)
    {
        string path = PathOf("runs.svg");
        runs.SaveChart(path);
        return ParsedSvg.Load(path);
    }

    [Fact]
    public void Loss_and_accuracy_panels_with_training_and_validation_lines()
    {
        var svg = Save(Histories.Typical(20));

        Assert.Equal((800, 600), (svg.Width, svg.Height));
        Assert.Equal(2, svg.Panels.Count);
        Assert.Equal(["Training and validation loss", "Training and validation accuracy"], ParsedSvg.Texts(svg.Root, "panel-title"));
        Assert.Equal(["Loss", "Accuracy"], ParsedSvg.Texts(svg.Root, "y-label"));
        Assert.Equal(["Epoch", "Epoch"], ParsedSvg.Texts(svg.Root, "x-label"));
        Assert.Equal(["training", "validation"], svg.LegendLabels);
        foreach (var panel in svg.Panels)
        {
            var polylines = ParsedSvg.Polylines(panel);
            Assert.Equal(["training", "validation"], polylines.Select(p => p.Attribute("data-series")!.Value));
            Assert.Equal([20, 20], polylines.Select(p => ParsedSvg.Points(p).Count));
            Assert.Null(polylines[0].Attribute("stroke-dasharray"));
            Assert.NotNull(polylines[1].Attribute("stroke-dasharray"));
            Assert.NotEqual(polylines[0].Attribute("stroke")!.Value, polylines[1].Attribute("stroke")!.Value);
        }
        // learning_rate is in the log but is not a metric: no panel, no line, no label.
        Assert.DoesNotContain("learning_rate", svg.Root.ToString());
    }

    [Theory]
    [InlineData(20)]
    [InlineData(50)]
    [InlineData(3)]
    public void Epochs_run_from_1_along_the_x_axis(int epochs)
    {
        var svg = Save(Histories.Typical(epochs));

        var panel = svg.Panels[0];
        var ticks = ParsedSvg.ByClass(panel, "text", "x-tick").Select(t => (Value: ParsedSvg.Number(t.Value), X: ParsedSvg.Number(t, "x"))).ToList();
        // No tick at epoch 0 or past the last epoch, though the axis has a margin there.
        Assert.All(ticks, t => Assert.InRange(t.Value, 1, epochs));
        Assert.Contains(ticks, t => t.Value == epochs);
        var points = ParsedSvg.Points(ParsedSvg.Polylines(panel)[0]);
        // The last epoch's point is right above its tick; epoch 1's is at or left of the first tick.
        Assert.Equal(ticks.Single(t => t.Value == epochs).X, points[^1].X, 0.01);
        Assert.True(points[0].X <= ticks.Min(t => t.X) + 0.01);
    }

    [Fact]
    public void The_highest_loss_is_the_highest_point_on_screen()
    {
        var svg = Save(Histories.Typical(20));

        var loss = ParsedSvg.Points(ParsedSvg.Polylines(svg.Panels[0])[0]);
        var accuracy = ParsedSvg.Points(ParsedSvg.Polylines(svg.Panels[1])[0]);
        // Loss falls, so epoch 1 is the top of its line; accuracy rises, so epoch 1 is its bottom.
        Assert.Equal(loss[0].Y, loss.Min(p => p.Y));
        Assert.Equal(loss[19].Y, loss.Max(p => p.Y));
        Assert.Equal(accuracy[0].Y, accuracy.Max(p => p.Y));
        Assert.All(svg.AllCoordinates(), c =>
        {
            Assert.InRange(c.X, 0, 800);
            Assert.InRange(c.Y, 0, 600);
        });
    }

    [Fact]
    public void Without_validation_only_training_lines_are_drawn()
    {
        var svg = Save(Histories.Typical(5, validation: false));

        Assert.Equal(["Training loss", "Training accuracy"], ParsedSvg.Texts(svg.Root, "panel-title"));
        Assert.All(svg.Panels, panel => Assert.Equal(["training"], ParsedSvg.Polylines(panel).Select(p => p.Attribute("data-series")!.Value)));
        Assert.Equal(["training"], svg.LegendLabels);
    }

    [Fact]
    public void Without_accuracy_the_second_panel_shows_the_first_other_metric()
    {
        var history = Histories.From(("loss", [0.5f, 0.4f]), ("precision", [0.6f, 0.7f]), ("recall", [0.5f, 0.6f]),
            ("val_loss", [0.6f, 0.5f]), ("val_precision", [0.55f, 0.65f]), ("val_recall", [0.4f, 0.5f]), ("learning_rate", [0.01f, 0.01f]));

        var svg = Save(history);

        Assert.Equal(["Loss", "Precision"], ParsedSvg.Texts(svg.Root, "y-label"));
        Assert.Equal(["training", "validation"], ParsedSvg.Polylines(svg.Panels[1]).Select(p => p.Attribute("data-series")!.Value));
    }

    [Fact]
    public void Accuracy_is_preferred_to_a_metric_recorded_before_it()
    {
        var history = Histories.From(("loss", [0.5f, 0.4f]), ("recall", [0.6f, 0.7f]), ("accuracy", [0.5f, 0.6f]));

        Assert.Equal(["Loss", "Accuracy"], ParsedSvg.Texts(Save(history).Root, "y-label"));
    }

    [Fact]
    public void A_loss_only_history_is_one_panel_and_learning_rate_never_gets_one()
    {
        var svg = Save(Histories.From(("loss", [0.5f, 0.4f, 0.3f]), ("learning_rate", [0.1f, 0.05f, 0.025f])));

        var panel = Assert.Single(svg.Panels);
        Assert.Equal(3, ParsedSvg.Points(ParsedSvg.Polylines(panel).Single()).Count);
    }

    [Fact]
    public void A_single_epoch_is_drawn_as_dots()
    {
        var svg = Save(Histories.Typical(1));

        Assert.All(svg.Panels, panel =>
        {
            Assert.Equal([1, 1], ParsedSvg.Polylines(panel).Select(p => ParsedSvg.Points(p).Count));
            Assert.Equal(2, ParsedSvg.ByClass(panel, "circle", "marker").Count());
            Assert.Equal(["1"], ParsedSvg.Texts(panel, "x-tick"));
        });
    }

    [Fact]
    public void NaN_epochs_leave_gaps_but_keep_their_place_on_the_axis()
    {
        var history = Histories.From(("loss", [0.9f, 0.7f, float.NaN, 0.5f, 0.45f, float.NaN]), ("accuracy", [0.5f, 0.6f, 0.7f, 0.8f, 0.85f, 0.9f]));

        var svg = Save(history);

        var loss = ParsedSvg.Polylines(svg.Panels[0]);
        Assert.Equal([2, 2], loss.Select(p => ParsedSvg.Points(p).Count));
        // Both panels span the same six epochs, though the loss of the last one is NaN.
        var accuracy = ParsedSvg.Points(ParsedSvg.Polylines(svg.Panels[1]).Single());
        double pitch = accuracy[1].X - accuracy[0].X;
        Assert.Equal(pitch, ParsedSvg.Points(loss[0])[1].X - ParsedSvg.Points(loss[0])[0].X, 0.02);
        Assert.Equal(3 * pitch, ParsedSvg.Points(loss[1])[0].X - ParsedSvg.Points(loss[0])[0].X, 0.05);
        Assert.Contains("6", ParsedSvg.Texts(svg.Panels[0], "x-tick"));
    }

    [Fact]
    public void Several_runs_share_the_panels_with_one_colour_each()
    {
        var runs = new Dictionary<string, History>
        {
            ["adam"] = Histories.Typical(20),
            ["sgd"] = Histories.Typical(20, offset: 0.3f),
            ["rmsprop"] = Histories.Typical(14, offset: 0.1f),
            ["adam, lr=1e-4"] = Histories.Typical(20, offset: 0.5f),
        };

        var svg = Save(runs);

        Assert.Equal(2, svg.Panels.Count);
        string[] names = ["adam", "sgd", "rmsprop", "adam, lr=1e-4"];
        Assert.Equal(names.SelectMany(n => new[] { $"{n} training", $"{n} validation" }), svg.LegendLabels);
        foreach (var panel in svg.Panels)
        {
            var polylines = ParsedSvg.Polylines(panel);
            Assert.Equal(runs.Count * 2, polylines.Count);
            Assert.Equal([20, 20, 20, 20, 14, 14, 20, 20], polylines.Select(p => ParsedSvg.Points(p).Count));
            var strokes = polylines.Select(p => p.Attribute("stroke")!.Value).ToList();
            for (int r = 0; r < runs.Count; r++)
            {
                Assert.Equal(strokes[2 * r], strokes[2 * r + 1]);
                Assert.Null(polylines[2 * r].Attribute("stroke-dasharray"));
                Assert.NotNull(polylines[2 * r + 1].Attribute("stroke-dasharray"));
            }
            Assert.Equal(runs.Count, strokes.Distinct().Count());
            // The shorter run ends at epoch 14, left of the others' epoch 20.
            Assert.True(ParsedSvg.Points(polylines[4])[^1].X < ParsedSvg.Points(polylines[0])[^1].X);
        }
    }

    [Fact]
    public void A_long_run_name_is_shortened_but_keeps_training_and_validation_apart()
    {
        string name = "a very long run name that describes every hyper-parameter of the run";
        var svg = Save([new(name, Histories.Typical(3)), new("b", Histories.Typical(3))]);

        var labels = svg.LegendLabels;
        Assert.Equal(4, labels.Count);
        Assert.EndsWith("… training", labels[0]);
        Assert.EndsWith("… validation", labels[1]);
        Assert.StartsWith(name[..20], labels[0]);
    }

    [Fact]
    public void A_metric_that_is_not_a_Keras_word_keeps_its_name_on_the_axis()
    {
        var svg = Save(Histories.From(("loss", [0.5f, 0.4f]), ("mae", [0.6f, 0.7f])));

        Assert.Equal(["Loss", "mae"], ParsedSvg.Texts(svg.Root, "y-label"));
        Assert.Equal(["Training loss", "Training mae"], ParsedSvg.Texts(svg.Root, "panel-title"));
    }

    [Fact]
    public void Runs_given_as_pairs_keep_their_order_and_may_lack_validation()
    {
        var svg = Save([new("sgd", Histories.Typical(3, validation: false)), new("adam", Histories.Typical(3))]);

        Assert.Equal(["sgd training", "adam training", "adam validation"], svg.LegendLabels);
        Assert.All(svg.Panels, panel => Assert.Equal(3, ParsedSvg.Polylines(panel).Count));
    }

    [Fact]
    public void Empty_histories_missing_paths_and_empty_runs_are_argument_errors()
    {
        string path = PathOf("chart.svg");

        var e = Assert.Throws<ArgumentException>(() => new History().SaveChart(path));
        Assert.Contains("empty", e.Message);
        Assert.Equal("history", e.ParamName);
        foreach (string? bad in new[] { null, "", "  " })
        {
            e = Assert.Throws<ArgumentException>(() => Histories.Typical(2).SaveChart(bad!));
            Assert.Equal("path", e.ParamName);
            Assert.Contains("path", e.Message);
        }
        e = Assert.Throws<ArgumentException>(() => Histories.From(("learning_rate", [0.1f])).SaveChart(path));
        Assert.Contains("no metric to chart", e.Message);
        Assert.Contains("learning_rate", e.Message);

        e = Assert.Throws<ArgumentException>(() => new Dictionary<string, History>().SaveChart(path));
        Assert.Contains("no runs", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Dictionary<string, History> { ["adam"] = Histories.Typical(2), ["sgd"] = new History() }.SaveChart(path));
        Assert.Contains("\"sgd\"", e.Message);
        Assert.Contains("empty", e.Message);
        e = Assert.Throws<ArgumentException>(() => new KeyValuePair<string, History>[] { new("a", Histories.Typical(2)), new("a", Histories.Typical(2)) }.SaveChart(path));
        Assert.Contains("Two runs are named \"a\"", e.Message);
        e = Assert.Throws<ArgumentException>(() => new KeyValuePair<string, History>[] { new("", Histories.Typical(2)) }.SaveChart(path));
        Assert.Contains("no name", e.Message);
        e = Assert.Throws<ArgumentException>(() => new KeyValuePair<string, History>[] { new("a", null!) }.SaveChart(path));
        Assert.Contains("\"a\" has no history", e.Message);
        Assert.Throws<ArgumentNullException>(() => ((History)null!).SaveChart(path));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Saving_replaces_the_old_file_atomically_and_a_rejected_save_keeps_it()
    {
        string path = PathOf("curves.svg");
        File.WriteAllText(path, "old");

        Assert.Throws<ArgumentException>(() => new History().SaveChart(path));
        Assert.Equal("old", File.ReadAllText(path));

        Histories.Typical(3).SaveChart(path);
        Assert.Equal(2, ParsedSvg.Load(path).Panels.Count);
        // No temporary file is left beside the chart.
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Numbers_are_invariant_under_a_culture_with_a_decimal_comma()
    {
        string path = PathOf("de.svg");
        using (new DecimalCommaCulture())
            Histories.Typical(10).SaveChart(path);

        var svg = ParsedSvg.Load(path);
        Assert.NotEmpty(svg.AllCoordinates());
        Assert.All(ParsedSvg.Texts(svg.Root, "y-tick"), label => Assert.DoesNotContain(',', label));
    }
}
