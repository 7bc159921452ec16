using System.Globalization;

namespace NeuralDsl;

/// <summary>
/// Runs a model once per point of a <see cref="SearchSpace"/> and ranks the runs by a metric of their
/// <see cref="History"/>, as scikit-learn's <c>GridSearchCV</c> / <c>RandomizedSearchCV</c> do for Keras models.
/// The trials run one after another on the calling thread (each <c>Fit</c> already uses every core).
/// </summary>
/// <example>
/// <code>
/// var space = new SearchSpace().Add("learning_rate", 0.01, 0.001).Add("batch_size", 32, 128);
/// SearchResult result = HyperparameterSearch.Grid(space, trial =>
///     new MnistMlp(seed: 1671).Fit(x, y, new FitOptions {
///         Epochs = 5, ValidationSplit = 0.2f, Verbose = Verbosity.Silent,
///         BatchSize = trial.Get&lt;int&gt;("batch_size"),
///         Optimizer = new Adam(trial.Get&lt;float&gt;("learning_rate")) }),
///     monitor: "val_accuracy");
/// Console.WriteLine(result.ToTable());
/// </code>
/// </example>
public static class HyperparameterSearch
{
    private const string Owner = "The hyper-parameter search";

    /// <summary>Runs every combination of <paramref name="space"/>, in grid order (the first parameter varies
    /// slowest). Trial seeds derive from seed 0.</summary>
    /// <param name="space">The parameters and their values.</param>
    /// <param name="run">Trains a model with the trial's parameters and returns its history. An exception it throws
    /// marks the trial failed (with its message) and the search goes on.</param>
    /// <param name="monitor">The epoch-log name that scores a trial, e.g. <c>val_accuracy</c> or <c>val_loss</c>;
    /// a trial's score is its best value over the epochs.</param>
    /// <param name="mode">Whether higher or lower is better; <see cref="MonitorMode.Auto"/> decides from the name as
    /// Keras does (accuracy, precision, recall are maximised, losses minimised).</param>
    /// <param name="progress">Where to write one line per finished trial, or null for none.</param>
    /// <exception cref="ArgumentException">The space is empty, or a history lacks <paramref name="monitor"/> (the
    /// message lists the names it has; a mistake in the call, so it stops the search).</exception>
    public static SearchResult Grid(SearchSpace space, Func<Trial, History> run, string monitor,
        MonitorMode mode = MonitorMode.Auto, TextWriter? progress = null)
    {
        var grid = Prepare(space, run, monitor, mode, out var metric);
        if (grid.Count > int.MaxValue)
            throw new ArgumentException($"The grid has {grid.Count} combinations, more than a search can run; use Random.", nameof(space));
        var combinations = new long[grid.Count];
        for (int i = 0; i < combinations.Length; i++) combinations[i] = i;
        return Execute(grid, combinations, seed: 0, run, metric, progress);
    }

    /// <summary>Runs <paramref name="trials"/> distinct combinations of <paramref name="space"/>, drawn without
    /// replacement by a generator seeded with <paramref name="seed"/>: the same seed gives the same trials in the
    /// same order.</summary>
    /// <param name="space">The parameters and their values.</param>
    /// <param name="trials">How many combinations to run, at most <see cref="SearchSpace.Combinations"/>.</param>
    /// <param name="seed">Seeds the draw and the trials' <see cref="Trial.Seed"/>.</param>
    /// <param name="run">Trains a model with the trial's parameters and returns its history. An exception it throws
    /// marks the trial failed (with its message) and the search goes on.</param>
    /// <param name="monitor">The epoch-log name that scores a trial, e.g. <c>val_accuracy</c> or <c>val_loss</c>;
    /// a trial's score is its best value over the epochs.</param>
    /// <param name="mode">Whether higher or lower is better; <see cref="MonitorMode.Auto"/> decides from the name as
    /// Keras does.</param>
    /// <param name="progress">Where to write one line per finished trial, or null for none.</param>
    /// <exception cref="ArgumentException">The space is empty or has fewer combinations than
    /// <paramref name="trials"/>, or a history lacks <paramref name="monitor"/>.</exception>
    public static SearchResult Random(SearchSpace space, int trials, int seed, Func<Trial, History> run, string monitor,
        MonitorMode mode = MonitorMode.Auto, TextWriter? progress = null)
    {
        var grid = Prepare(space, run, monitor, mode, out var metric);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        if (trials > grid.Count)
            throw new ArgumentException(
                $"{trials} trials were asked for, but the space has only {grid.Count} combinations; ask for at most {grid.Count}, or use Grid.",
                nameof(trials));
        return Execute(grid, CombinationSampler.Draw(grid.Count, trials, seed), seed, run, metric, progress);
    }

    private static ParameterGrid Prepare(SearchSpace space, Func<Trial, History> run, string monitor, MonitorMode mode, out MetricMonitor metric)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(run);
        metric = new MetricMonitor(monitor, mode);
        var grid = new ParameterGrid(space.Snapshot());
        if (grid.Count == 0)
            throw new ArgumentException("The search space has no parameters; Add at least one.", nameof(space));
        // Combination numbers are longs; a larger grid could not be numbered, only sampled unevenly.
        if (grid.Count == long.MaxValue)
            throw new ArgumentException($"The search space has more than {long.MaxValue} combinations; use fewer parameters or values.", nameof(space));
        return grid;
    }

    private static SearchResult Execute(ParameterGrid grid, long[] combinations, int seed, Func<Trial, History> run,
        MetricMonitor metric, TextWriter? progress)
    {
        var trials = new List<Trial>(combinations.Length);
        for (int i = 0; i < combinations.Length; i++)
        {
            var trial = new Trial(i, grid.At(combinations[i]), Trial.SeedFor(seed, i));
            History? history;
            Exception? failure = null;
            try
            {
                history = run(trial);
            }
            // A cancellation is a request to stop the search, not a result of the trial.
            catch (Exception e) when (e is not OperationCanceledException)
            {
                history = null;
                failure = e;
            }
            var finished = failure is not null ? trial.FailedWith(failure) : Score(trial, history, metric);
            trials.Add(finished);
            Report(progress, finished, combinations.Length, metric.Name);
        }
        return new SearchResult(trials, metric, grid.Names);
    }

    private static Trial Score(Trial trial, History? history, MetricMonitor metric)
    {
        if (history is null) return trial.FailedWith(new InvalidOperationException("The run returned no History."));
        if (history.Epochs == 0) return trial.FailedWith(new InvalidOperationException("The run returned a History without epochs."));
        // Every trial logs the same names, so a missing one is the caller's mistake: it stops the search.
        metric.CheckAgainst([.. history.Metrics.Keys], Owner);
        return trial.Completed(history, metric);
    }

    private static void Report(TextWriter? progress, Trial trial, int total, string monitor)
    {
        if (progress is null) return;
        string outcome = trial.Failed
            ? $"failed: {trial.Error}"
            : string.Create(CultureInfo.InvariantCulture, $"{monitor} {trial.Score:0.0000}  {trial.SecondsPerEpoch:0.00} s/epoch");
        progress.WriteLine($"trial {trial.Index + 1}/{total}  {trial}  {outcome}");
    }
}
