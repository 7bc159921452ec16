namespace NeuralDsl;

/// <summary>The trials of a hyper-parameter search, scored on one monitored metric.</summary>
public sealed class SearchResult
{
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

    /// <summary>The trials best first; failed trials last, in run order.</summary>
    public IReadOnlyList<Trial> Ranked { get; }

    /// <summary>The metric the trials were scored on (a name in the epoch log, e.g. <c>val_accuracy</c>).</summary>
    public string Monitor => _monitor.Name;

    /// <summary>The direction the search used: <see cref="MonitorMode.Max"/> or <see cref="MonitorMode.Min"/>
    /// (<see cref="MonitorMode.Auto"/> resolved from the name as Keras does).</summary>
    public MonitorMode Mode => _monitor.Maximize ? MonitorMode.Max : MonitorMode.Min;

    /// <summary>The trial with the best <see cref="Trial.Score"/> (the earliest of equals).</summary>
    /// <exception cref="InvalidOperationException">Every trial failed; the message quotes the first error.</exception>
    public Trial Best => Ranked[0] is { Failed: false } best ? best
        : throw new InvalidOperationException(
            $"All {Trials.Count} trials failed, so the search has no best trial; the first failed with: {Trials[0].Error}");

    /// <summary>
    /// A text table of the trials, best first, failed trials last with their error: rank, each parameter, the score
    /// (headed by <see cref="Monitor"/>), the best epoch (1-based, of the epochs run) and the mean seconds per epoch.
    /// </summary>
    public string ToTable() => SearchTable.Format(Ranked, _names, Monitor);

    /// <summary>
    /// Writes the score of every trial, in run order, as an 800×600 SVG chart (a failed trial breaks the line and is
    /// marked); with one parameter a trial is labelled by its value, otherwise by <c>name=value</c> pairs.
    /// </summary>
    public void SaveChart(string path) =>
        ScoreChart.Write(path, $"{Monitor} per trial", Monitor,
            [.. Trials.Select(trial => _names.Length == 1 ? ParameterText.Format(trial.Parameters[_names[0]]) : trial.ToString())],
            [.. Trials.Select(trial => trial.Score)],
            _names.Length == 1 ? _names[0] : ScoreChart.DefaultAxisLabel);

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
