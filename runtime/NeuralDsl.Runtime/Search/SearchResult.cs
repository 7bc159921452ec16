using System.Diagnostics.CodeAnalysis;

namespace NeuralDsl;

/// <summary>The trials of a hyper-parameter search, scored on one monitored metric.</summary>
public sealed class SearchResult
{
    /// <summary>An exception message lists this many trials at most; the table has them all.</summary>
    private const int MaxListedTrials = 5;

    private readonly MetricMonitor _monitor;
    private readonly string[] _names;

    internal SearchResult(IReadOnlyList<Trial> trials, MetricMonitor monitor, string[] parameterNames)
    {
        Trials = trials;
        _monitor = monitor;
        _names = parameterNames;
        // Completed trials best first (a tie keeps run order), a NaN score after every number, failed trials last.
        Ranked = [.. trials.Order(Comparer<Trial>.Create(Compare))];
    }

    /// <summary>Every trial, in the order it ran.</summary>
    public IReadOnlyList<Trial> Trials { get; }

    /// <summary>The trials best first; those without a score after them (NaN, then failed), in run order.</summary>
    public IReadOnlyList<Trial> Ranked { get; }

    /// <summary>The metric the trials were scored on (a name in the epoch log, e.g. <c>val_accuracy</c>).</summary>
    public string Monitor => _monitor.Name;

    /// <summary>The direction the search used: <see cref="MonitorMode.Max"/> or <see cref="MonitorMode.Min"/>
    /// (<see cref="MonitorMode.Auto"/> resolved from the name as Keras does).</summary>
    public MonitorMode Mode => _monitor.Maximize ? MonitorMode.Max : MonitorMode.Min;

    /// <summary>The trial with the best <see cref="Trial.Score"/> (the earliest of equals).</summary>
    /// <exception cref="InvalidOperationException">No trial has a score: every trial failed, or logged the monitored
    /// metric as NaN in every epoch. The message says which, trial by trial. <see cref="TryGetBest"/> asks without
    /// the exception.</exception>
    public Trial Best => TryGetBest(out var best) ? best : throw new InvalidOperationException(NoScoreMessage());

    /// <summary>The trial with the best <see cref="Trial.Score"/>, as <see cref="Best"/>; false (and null) when no
    /// trial has a score.</summary>
    public bool TryGetBest([NotNullWhen(true)] out Trial? best)
    {
        best = HasScore(Ranked[0]) ? Ranked[0] : null;
        return best is not null;
    }

    /// <summary>
    /// A text table of the trials, best first, failed trials last with their error: rank, each parameter, the score
    /// (headed by <see cref="Monitor"/>), the best epoch (1-based, of the epochs run) and the mean seconds per epoch.
    /// A trial without a score (failed, or NaN in every epoch) has no rank.
    /// </summary>
    public string ToTable() => SearchTable.Format(Ranked, _names, Monitor);

    /// <summary>
    /// Writes the score of every trial, in run order, as an 800×600 SVG chart (a trial without a score, failed or
    /// NaN, breaks the line and is marked with a cross); with one parameter a trial is labelled by its value, otherwise
    /// by <c>name=value</c> pairs.
    /// </summary>
    public void SaveChart(string path) =>
        ScoreChart.Write(path, $"{Monitor} per trial", Monitor,
            [.. Trials.Select(trial => _names.Length == 1 ? ParameterText.Format(trial.Parameters[_names[0]]) : trial.ToString())],
            [.. Trials.Select(trial => trial.Score)],
            _names.Length == 1 ? _names[0] : ScoreChart.DefaultAxisLabel,
            MissingLabel());

    /// <summary>Whether <paramref name="trial"/> has a score to rank: it ran, and logged the monitor as a number at least once.</summary>
    internal static bool HasScore(Trial trial) => !trial.Failed && !float.IsNaN(trial.Score);

    /// <summary>What a cross on the chart stands for: the kinds of unscored trial this search has.</summary>
    private string MissingLabel()
    {
        bool failed = Trials.Any(t => t.Failed), nan = Trials.Any(t => !t.Failed && float.IsNaN(t.Score));
        return failed && nan ? "no score (failed or NaN)" : nan ? "NaN score" : ScoreChart.FailedLabel;
    }

    /// <summary>Why there is no best trial, trial by trial (the first few, then a count).</summary>
    private string NoScoreMessage()
    {
        var reasons = Trials.Take(MaxListedTrials).Select((trial, i) =>
        {
            int logged = trial.History?.Series(Monitor).Count ?? 0;
            string what = trial.Failed ? $"failed: {SearchTable.OneLine(trial.Error)}"
                : logged == 1 ? $"logged {Monitor} as NaN in its only epoch"
                : $"logged {Monitor} as NaN in all {logged} epochs";
            return $"{(i == 0 ? "Trial" : "trial")} {trial.Index + 1} ({trial}) {what}";
        });
        string more = Trials.Count > MaxListedTrials ? $"; and {Trials.Count - MaxListedTrials} more" : "";
        return $"The search has no best trial: none of its {Trials.Count} trials has a {Monitor} score. {string.Join("; ", reasons)}{more}.";
    }

    /// <summary>The table of <see cref="ToTable"/>.</summary>
    public override string ToString() => ToTable();

    private int Compare(Trial a, Trial b)
    {
        if (a.Failed != b.Failed) return a.Failed ? 1 : -1;
        if (!a.Failed)
        {
            if (_monitor.IsBetter(a.Score, b.Score)) return -1;
            if (_monitor.IsBetter(b.Score, a.Score)) return 1;
        }
        return a.Index.CompareTo(b.Index);
    }
}
