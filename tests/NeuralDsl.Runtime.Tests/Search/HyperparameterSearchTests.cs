namespace NeuralDsl.Runtime.Tests.Search;

public sealed class HyperparameterSearchTests
{
    private static SearchSpace ThreeByTwo() => new SearchSpace()
        .Add("learning_rate", 0.1, 0.01, 0.001)
        .Add("batch_size", 32, 128);

    /// <summary>A run that records the trials it sees and returns a history whose best val_accuracy is
    /// <paramref name="score"/> of the trial.</summary>
    private static Func<Trial, History> Recording(List<Trial> seen, Func<Trial, float> score) => trial =>
    {
        seen.Add(trial);
        return Histories.Reaching(score(trial));
    };

    [Fact]
    public void Grid_runs_every_combination_with_the_first_parameter_slowest()
    {
        var seen = new List<Trial>();

        var result = HyperparameterSearch.Grid(ThreeByTwo(), Recording(seen, _ => 0.5f), "val_accuracy");

        (double, int)[] expected = [(0.1, 32), (0.1, 128), (0.01, 32), (0.01, 128), (0.001, 32), (0.001, 128)];
        Assert.Equal(expected, seen.Select(t => (t.Get<double>("learning_rate"), t.Get<int>("batch_size"))));
        Assert.Equal(expected, result.Trials.Select(t => (t.Get<double>("learning_rate"), t.Get<int>("batch_size"))));
        Assert.Equal(Enumerable.Range(0, 6), result.Trials.Select(t => t.Index));
    }

    [Fact]
    public void Grid_order_is_that_of_nested_loops_over_three_parameters()
    {
        var space = new SearchSpace().Add("a", 1, 2).Add("b", "x", "y", "z").Add("c", true, false);
        var seen = new List<Trial>();

        HyperparameterSearch.Grid(space, Recording(seen, _ => 0.5f), "val_accuracy");

        var expected = new List<string>();
        foreach (int a in new[] { 1, 2 })
            foreach (string b in new[] { "x", "y", "z" })
                foreach (string c in new[] { "true", "false" })
                    expected.Add($"a={a} b={b} c={c}");
        Assert.Equal(expected, seen.Select(t => t.ToString()));
    }

    [Fact]
    public void A_later_Add_does_not_change_a_search_already_given_the_space()
    {
        var space = ThreeByTwo();
        var seen = new List<Trial>();

        HyperparameterSearch.Grid(space, trial =>
        {
            if (trial.Index == 0) space.Add("units", 64, 128);
            return Recording(seen, _ => 0.5f)(trial);
        }, "val_accuracy");

        Assert.Equal(6, seen.Count);
        Assert.All(seen, t => Assert.Equal(["learning_rate", "batch_size"], t.Parameters.Keys));
    }

    [Fact]
    public void Random_runs_the_asked_number_of_distinct_combinations_of_the_grid()
    {
        var space = new SearchSpace().Add("a", 1, 2, 3, 4).Add("b", 0.1, 0.2, 0.3, 0.4, 0.5).Add("c", "x", "y", "z");
        var seen = new List<Trial>();

        var result = HyperparameterSearch.Random(space, trials: 10, seed: 7, Recording(seen, _ => 0.5f), "val_accuracy");

        Assert.Equal(10, seen.Count);
        Assert.Equal(10, result.Trials.Count);
        Assert.Equal(10, seen.Select(t => t.ToString()).Distinct().Count());
        Assert.All(seen, t =>
        {
            Assert.Contains(t.Get<int>("a"), new[] { 1, 2, 3, 4 });
            Assert.Contains(t.Get<double>("b"), new[] { 0.1, 0.2, 0.3, 0.4, 0.5 });
            Assert.Contains(t.Get<string>("c"), new[] { "x", "y", "z" });
        });
        Assert.Equal(Enumerable.Range(0, 10), result.Trials.Select(t => t.Index));
    }

    [Fact]
    public void Random_with_the_same_seed_runs_the_same_trials_and_another_seed_others()
    {
        var space = new SearchSpace().Add("a", 1, 2, 3, 4, 5, 6).Add("b", 1, 2, 3, 4, 5, 6);
        string[] Run(int seed) =>
            [.. HyperparameterSearch.Random(space, trials: 8, seed, _ => Histories.Reaching(0.5f), "val_accuracy")
                .Trials.Select(t => $"{t} seed={t.Seed}")];

        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }

    [Fact]
    public void Random_over_the_whole_grid_runs_each_combination_once()
    {
        var seen = new List<Trial>();

        HyperparameterSearch.Random(ThreeByTwo(), trials: 6, seed: 3, Recording(seen, _ => 0.5f), "val_accuracy");

        var grid = new List<Trial>();
        HyperparameterSearch.Grid(ThreeByTwo(), Recording(grid, _ => 0.5f), "val_accuracy");
        Assert.Equal(grid.Select(t => t.ToString()).Order(), seen.Select(t => t.ToString()).Order());
    }

    [Fact]
    public void Random_samples_a_grid_too_large_to_list()
    {
        var space = new SearchSpace();
        for (int p = 0; p < 12; p++) space.Add($"p{p}", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        var seen = new List<Trial>();

        HyperparameterSearch.Random(space, trials: 5, seed: 11, Recording(seen, _ => 0.5f), "val_accuracy");

        Assert.Equal(1_000_000_000_000L, space.Combinations);
        Assert.Equal(5, seen.Select(t => t.ToString()).Distinct().Count());
    }

    [Fact]
    public void A_space_too_large_to_number_is_refused()
    {
        var space = new SearchSpace();
        for (int p = 0; p < 20; p++) space.Add($"p{p}", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

        var error = Assert.Throws<ArgumentException>(() =>
            HyperparameterSearch.Random(space, trials: 5, seed: 1, _ => Histories.Reaching(0.5f), "val_accuracy"));
        Assert.Contains("more than 9223372036854775807 combinations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_refuses_more_trials_than_combinations()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            HyperparameterSearch.Random(ThreeByTwo(), trials: 7, seed: 1, _ => Histories.Reaching(0.5f), "val_accuracy"));

        Assert.Contains("7 trials", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 6 combinations", error.Message, StringComparison.Ordinal);
        Assert.Equal("trials", error.ParamName);
    }

    [Fact]
    public void Trial_seeds_are_fixed_by_the_search_seed_and_index()
    {
        int[] Seeds(int seed) =>
            [.. HyperparameterSearch.Random(ThreeByTwo(), trials: 6, seed, _ => Histories.Reaching(0.5f), "val_accuracy").Trials.Select(t => t.Seed)];

        Assert.Equal(Seeds(5), Seeds(5));
        Assert.Equal(6, Seeds(5).Distinct().Count());
        Assert.All(Seeds(5), s => Assert.True(s >= 0));
        Assert.NotEqual(Seeds(5), Seeds(6));
    }

    [Fact]
    public void A_val_accuracy_score_is_the_highest_epoch_and_the_best_trial_the_highest_score()
    {
        var result = HyperparameterSearch.Grid(ThreeByTwo(), trial => trial.Index switch
        {
            3 => Histories.WithValAccuracy([0.5f, 0.9f, 0.7f]),
            _ => Histories.WithValAccuracy([0.5f, 0.6f, 0.4f + 0.01f * trial.Index]),
        }, "val_accuracy");

        Assert.Equal(MonitorMode.Max, result.Mode);
        Assert.Equal("val_accuracy", result.Monitor);
        Assert.Equal(3, result.Best.Index);
        Assert.Equal(0.9f, result.Best.Score);
        Assert.Equal(1, result.Best.BestEpoch);
        Assert.Equal(0.6f, result.Trials[0].Score);
        Assert.Equal([3, 0, 1, 2, 4, 5], result.Ranked.Select(t => t.Index));
    }

    [Fact]
    public void A_val_loss_score_is_the_lowest_epoch_and_the_best_trial_the_lowest_score()
    {
        // val_loss is 1 − val_accuracy in these histories.
        var result = HyperparameterSearch.Grid(ThreeByTwo(), trial => trial.Index switch
        {
            2 => Histories.WithValAccuracy([0.5f, 0.75f, 0.6f]),
            4 => Histories.WithValAccuracy([0.9f, 0.5f]),
            _ => Histories.WithValAccuracy([0.2f, 0.3f]),
        }, "val_loss");

        Assert.Equal(MonitorMode.Min, result.Mode);
        Assert.Equal(4, result.Best.Index);
        Assert.Equal(1f - 0.9f, result.Best.Score);
        Assert.Equal(0, result.Best.BestEpoch);
        Assert.Equal(1f - 0.75f, result.Trials[2].Score);
        Assert.Equal(1, result.Trials[2].BestEpoch);
    }

    [Fact]
    public void An_explicit_mode_overrides_the_direction_of_the_name()
    {
        var result = HyperparameterSearch.Grid(new SearchSpace().Add("units", 32, 64), trial =>
            Histories.WithValAccuracy(trial.Get<int>("units") == 32 ? [0.3f, 0.6f] : [0.5f, 0.4f]), "val_loss", MonitorMode.Max);

        Assert.Equal(MonitorMode.Max, result.Mode);
        Assert.Equal(32, result.Best.Get<int>("units"));
        Assert.Equal(1f - 0.3f, result.Best.Score);
    }

    [Fact]
    public void Seconds_per_epoch_is_the_mean_of_the_epochs()
    {
        var result = HyperparameterSearch.Grid(new SearchSpace().Add("units", 32),
            _ => Histories.WithValAccuracy([0.1f, 0.2f, 0.3f], [1.0, 2.0, 6.0]), "val_accuracy");

        Assert.Equal(3.0, result.Best.SecondsPerEpoch, 12);
        Assert.Equal(3, result.Best.History!.Epochs);
    }

    [Fact]
    public void A_trial_that_throws_is_recorded_as_failed_and_the_search_goes_on()
    {
        var seen = new List<Trial>();

        var result = HyperparameterSearch.Grid(ThreeByTwo(), trial =>
        {
            seen.Add(trial);
            if (trial.Get<double>("learning_rate") == 0.1)
                throw new TrainingDivergedException("Training diverged at epoch 2, batch 17: loss is NaN.", new History());
            return Histories.Reaching(0.5f + trial.Index * 0.01f);
        }, "val_accuracy");

        Assert.Equal(6, seen.Count);
        Assert.Equal(6, result.Trials.Count);
        var failed = result.Trials.Where(t => t.Failed).ToArray();
        Assert.Equal([0, 1], failed.Select(t => t.Index));
        Assert.All(failed, t =>
        {
            Assert.Equal("Training diverged at epoch 2, batch 17: loss is NaN.", t.Error);
            Assert.IsType<TrainingDivergedException>(t.Exception);
            Assert.True(float.IsNaN(t.Score));
            Assert.Null(t.History);
            Assert.Equal(-1, t.BestEpoch);
            Assert.True(double.IsNaN(t.SecondsPerEpoch));
        });
        Assert.All(result.Trials.Where(t => !t.Failed), t => Assert.Null(t.Error));
        Assert.Equal(5, result.Best.Index);
        Assert.Equal([5, 4, 3, 2, 0, 1], result.Ranked.Select(t => t.Index));
    }

    [Fact]
    public void A_run_that_returns_no_history_or_no_epochs_fails_its_trial()
    {
        var result = HyperparameterSearch.Grid(new SearchSpace().Add("units", 1, 2, 3),
            trial => trial.Index switch { 0 => null!, 1 => new History(), _ => Histories.Reaching(0.5f) }, "val_accuracy");

        Assert.Equal("The run returned no History.", result.Trials[0].Error);
        Assert.Equal("The run returned a History without epochs.", result.Trials[1].Error);
        Assert.Equal(2, result.Best.Index);
    }

    [Fact]
    public void Best_of_a_search_whose_trials_all_failed_is_a_clear_error()
    {
        var result = HyperparameterSearch.Grid(ThreeByTwo(),
            trial => throw new OutOfMemoryException($"no room for trial {trial.Index}"), "val_accuracy");

        Assert.All(result.Trials, t => Assert.True(t.Failed));
        var error = Assert.Throws<InvalidOperationException>(() => result.Best);
        Assert.StartsWith("The search has no best trial: none of its 6 trials has a val_accuracy score. " +
            "Trial 1 (learning_rate=0.1 batch_size=32) failed: no room for trial 0; " +
            "trial 2 (learning_rate=0.1 batch_size=128) failed: no room for trial 1; ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; and 1 more.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_monitor_stops_the_search_and_lists_the_names_the_history_has()
    {
        int runs = 0;

        var error = Assert.Throws<ArgumentException>(() => HyperparameterSearch.Grid(ThreeByTwo(), _ =>
        {
            runs++;
            return Histories.Reaching(0.5f);
        }, "val_acc"));

        Assert.Equal(1, runs);
        Assert.Contains("\"val_acc\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"loss\", \"accuracy\", \"val_loss\", \"val_accuracy\", \"learning_rate\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancellation_stops_the_search()
    {
        int runs = 0;

        Assert.Throws<OperationCanceledException>(() => HyperparameterSearch.Grid(ThreeByTwo(), _ =>
        {
            runs++;
            throw new OperationCanceledException();
        }, "val_accuracy"));
        Assert.Equal(1, runs);
    }

    [Fact]
    public void Progress_gets_one_line_per_finished_trial()
    {
        var progress = new StringWriter();

        HyperparameterSearch.Grid(new SearchSpace().Add("learning_rate", 0.1, 0.001).Add("batch_size", 128), trial =>
            trial.Index == 0 ? throw new InvalidOperationException("diverged")
            : Histories.WithValAccuracy([0.8f, 0.875f], [2.0, 3.0]), "val_accuracy", progress: progress);

        Assert.Equal(
            [
                "trial 1/2  learning_rate=0.1 batch_size=128  failed: diverged",
                "trial 2/2  learning_rate=0.001 batch_size=128  val_accuracy 0.8750  2.50 s/epoch",
            ],
            progress.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Arguments_are_checked_before_any_trial_runs()
    {
        Func<Trial, History> run = _ => throw new InvalidOperationException("must not run");

        Assert.Throws<ArgumentException>(() => HyperparameterSearch.Grid(new SearchSpace(), run, "val_accuracy"));
        Assert.Throws<ArgumentNullException>(() => HyperparameterSearch.Grid(null!, run, "val_accuracy"));
        Assert.Throws<ArgumentNullException>(() => HyperparameterSearch.Grid(ThreeByTwo(), null!, "val_accuracy"));
        Assert.Throws<ArgumentException>(() => HyperparameterSearch.Grid(ThreeByTwo(), run, " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => HyperparameterSearch.Random(ThreeByTwo(), trials: 0, seed: 1, run, "val_accuracy"));
    }
}
