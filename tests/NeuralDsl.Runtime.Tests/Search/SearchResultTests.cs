namespace NeuralDsl.Runtime.Tests.Search;

/// <summary><see cref="SearchResult.ToTable"/> and the ranking behind it.</summary>
public sealed class SearchResultTests
{
    /// <summary>lr 0.1 diverges, the others reach the given val_accuracy; 0.0001 is the best.</summary>
    private static SearchResult LearningRates() => HyperparameterSearch.Grid(
        new SearchSpace().Add("learning_rate", 0.1, 0.01, 0.001, 0.0001).Add("optimizer", "adam"),
        trial => trial.Get<double>("learning_rate") switch
        {
            0.1 => throw new InvalidOperationException("Training diverged at epoch 1,\nbatch 3."),
            0.01 => Histories.WithValAccuracy([0.80f, 0.85f], [1.5, 2.5]),
            0.001 => Histories.WithValAccuracy([0.86f, 0.88f, 0.87f], [1.0, 1.0, 1.0]),
            _ => Histories.WithValAccuracy([0.89f, 0.885f], [12.25, 12.25]),
        },
        "val_accuracy");

    [Fact]
    public void The_chart_has_a_point_per_completed_trial_in_run_order_and_marks_the_failed_one()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ndsl-search-{Guid.NewGuid():N}.svg");
        try
        {
            LearningRates().SaveChart(path);
            var svg = NeuralDsl.Runtime.Tests.Charts.ParsedSvg.Load(path);
            // The failed first trial breaks the line: the three others form one polyline, in run order.
            var points = NeuralDsl.Runtime.Tests.Charts.ParsedSvg.Points(Assert.Single(NeuralDsl.Runtime.Tests.Charts.ParsedSvg.Polylines(svg.Root)));
            Assert.Equal(3, points.Count);
            Assert.True(points[0].X < points[1].X && points[1].X < points[2].X);
            // 0.85 < 0.88 < 0.89: higher scores sit higher on screen (smaller y).
            Assert.True(points[0].Y > points[1].Y && points[1].Y > points[2].Y);
            Assert.Contains("failed trial", svg.LegendLabels);
            string text = File.ReadAllText(path);
            Assert.Contains("learning_rate=0.0001 optimizer=adam", text);
            Assert.Contains("val_accuracy per trial", text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_table_lists_trials_best_first_and_failed_ones_last_with_their_error()
    {
        string[] lines = LearningRates().ToTable().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            [
                "rank  learning_rate  optimizer  val_accuracy  best epoch  s/epoch",
                "----  -------------  ---------  ------------  ----------  -------",
                "   1         0.0001  adam             0.8900         1/2    12.25",
                "   2          0.001  adam             0.8800         2/3     1.00",
                "   3           0.01  adam             0.8500         2/2     2.00",
                "   -            0.1  adam             failed           -        -  Training diverged at epoch 1, batch 3.",
            ],
            lines);
    }

    [Fact]
    public void The_columns_line_up()
    {
        string[] lines = LearningRates().ToTable().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        // Every row is as wide as the header; a failed row's error follows its last column.
        int width = lines[0].Length;
        Assert.All(lines.Take(5), line => Assert.Equal(width, line.Length));
        Assert.Equal("  Training diverged at epoch 1, batch 3.", lines[5][width..]);
        // Numbers end where their header ends, texts start where theirs starts.
        int secondsEnd = lines[0].IndexOf("s/epoch", StringComparison.Ordinal) + "s/epoch".Length;
        Assert.All(lines.Skip(2).Take(3), line => Assert.NotEqual(' ', line[secondsEnd - 1]));
        int optimizerStart = lines[0].IndexOf("optimizer", StringComparison.Ordinal);
        Assert.All(lines.Skip(2), line => Assert.Equal("adam", line.Substring(optimizerStart, 4)));
    }

    [Fact]
    public void The_score_column_is_named_after_the_monitor()
    {
        var result = HyperparameterSearch.Grid(new SearchSpace().Add("units", 32, 64),
            trial => Histories.WithValAccuracy([trial.Index == 0 ? 0.7f : 0.9f]), "val_loss");

        string table = result.ToTable();

        Assert.StartsWith("rank  units  val_loss  best epoch  s/epoch", table, StringComparison.Ordinal);
        Assert.Contains("   1     64    0.1000", table, StringComparison.Ordinal);
        Assert.Equal(table, result.ToString());
    }

    [Fact]
    public void A_trial_without_a_number_ranks_after_those_with_one_and_before_failed_ones()
    {
        var result = HyperparameterSearch.Grid(new SearchSpace().Add("units", 1, 2, 3, 4), trial => trial.Index switch
        {
            0 => throw new InvalidOperationException("failed"),
            1 => Histories.WithValAccuracy([float.NaN, float.NaN]),
            _ => Histories.Reaching(0.5f + trial.Index * 0.1f),
        }, "val_accuracy");

        Assert.Equal([3, 2, 1, 0], result.Ranked.Select(t => t.Index));
        Assert.True(float.IsNaN(result.Trials[1].Score));
        Assert.False(result.Trials[1].Failed);
        // Without a score the trial has no rank either.
        Assert.Contains("   -      2           NaN           -", result.ToTable(), StringComparison.Ordinal);
        Assert.Contains("   2      3        0.7000", result.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_scores_keep_the_run_order()
    {
        var result = HyperparameterSearch.Grid(new SearchSpace().Add("units", 1, 2, 3),
            _ => Histories.Reaching(0.5f), "val_accuracy");

        Assert.Equal([0, 1, 2], result.Ranked.Select(t => t.Index));
        Assert.Equal(0, result.Best.Index);
    }

    /// <summary>Trial 0 fails, trials 1 and 2 log val_accuracy as NaN in every epoch: none has a score.</summary>
    private static SearchResult WithoutScores() => HyperparameterSearch.Grid(new SearchSpace().Add("units", 1, 2, 3), trial => trial.Index switch
    {
        0 => throw new InvalidOperationException("Training diverged at epoch 1,\nbatch 3."),
        _ => Histories.WithValAccuracy([float.NaN, float.NaN]),
    }, "val_accuracy");

    [Fact]
    public void Best_of_a_search_where_no_trial_has_a_score_says_so_and_why_for_each_trial()
    {
        var result = WithoutScores();

        Assert.All(result.Trials, t => Assert.True(float.IsNaN(t.Score)));
        var error = Assert.Throws<InvalidOperationException>(() => result.Best);
        Assert.Equal(
            "The search has no best trial: none of its 3 trials has a val_accuracy score. " +
            "Trial 1 (units=1) failed: Training diverged at epoch 1, batch 3.; " +
            "trial 2 (units=2) logged val_accuracy as NaN in all 2 epochs; " +
            "trial 3 (units=3) logged val_accuracy as NaN in all 2 epochs.",
            error.Message);
        Assert.False(result.TryGetBest(out var best));
        Assert.Null(best);
    }

    [Fact]
    public void TryGetBest_gives_the_best_trial_when_one_has_a_score()
    {
        var result = LearningRates();

        Assert.True(result.TryGetBest(out var best));
        Assert.Same(result.Best, best);
        Assert.Equal(0.0001, best.Get<double>("learning_rate"));
    }

    [Fact]
    public void The_message_of_a_large_search_without_scores_lists_the_first_trials_and_counts_the_rest()
    {
        var result = HyperparameterSearch.Grid(new SearchSpace().Add("units", Enumerable.Range(1, 40).ToArray()),
            trial => throw new InvalidOperationException($"no room for trial {trial.Index}"), "val_accuracy");

        string message = Assert.Throws<InvalidOperationException>(() => result.Best).Message;

        Assert.StartsWith("The search has no best trial: none of its 40 trials has a val_accuracy score. Trial 1 (units=1) failed: no room for trial 0; ", message, StringComparison.Ordinal);
        Assert.EndsWith("; and 35 more.", message, StringComparison.Ordinal);
        Assert.Contains("trial 5 (units=5) failed: no room for trial 4", message, StringComparison.Ordinal);
        Assert.DoesNotContain("trial 6 ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_and_the_chart_of_a_search_without_scores_rank_nothing_and_mark_every_trial()
    {
        var result = WithoutScores();

        string[] lines = result.ToTable().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "rank  units  val_accuracy  best epoch  s/epoch",
                "----  -----  ------------  ----------  -------",
                "   -      2           NaN           -     1.00",
                "   -      3           NaN           -     1.00",
                "   -      1        failed           -        -  Training diverged at epoch 1, batch 3.",
            ],
            lines);

        string path = Path.Combine(Path.GetTempPath(), $"ndsl-search-{Guid.NewGuid():N}.svg");
        try
        {
            result.SaveChart(path);
            var svg = NeuralDsl.Runtime.Tests.Charts.ParsedSvg.Load(path);
            Assert.Empty(NeuralDsl.Runtime.Tests.Charts.ParsedSvg.Polylines(svg.Root));
            // One cross per trial, and the legend says what a cross means: a failure or a NaN score.
            Assert.Equal(3, NeuralDsl.Runtime.Tests.Charts.ParsedSvg.ByClass(svg.Root, "path", "missing").Count(p => p.Parent!.Attribute("class")?.Value != "legend"));
            Assert.Equal(["val_accuracy", "no score (failed or NaN)"], svg.LegendLabels);
            Assert.All(svg.AllCoordinates(), c =>
            {
                Assert.InRange(c.X, 0, svg.Width);
                Assert.InRange(c.Y, 0, svg.Height);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_best_epoch_of_a_monitor_first_logged_in_a_later_epoch_is_that_epoch()
    {
        var history = new History();
        history.Add(new EpochLog(0, new Dictionary<string, float> { ["loss"] = 1f }, 1));
        history.Add(new EpochLog(1, new Dictionary<string, float> { ["loss"] = 0.8f, ["val_accuracy"] = 0.6f }, 1));
        history.Add(new EpochLog(2, new Dictionary<string, float> { ["loss"] = 0.7f, ["val_accuracy"] = 0.7f }, 1));

        var result = HyperparameterSearch.Grid(new SearchSpace().Add("units", 8), _ => history, "val_accuracy");

        Assert.Equal(0.7f, result.Best.Score);
        Assert.Equal(2, result.Best.BestEpoch);
        Assert.Contains("3/3", result.ToTable(), StringComparison.Ordinal);
    }
}
