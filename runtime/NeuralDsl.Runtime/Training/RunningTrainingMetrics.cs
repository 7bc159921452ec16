namespace NeuralDsl;

/// <summary>
/// The training metrics of the epoch under way: summed by the backend where its passes run (<see cref="IBatchMetrics"/>),
/// turned into values on the host only when they are read: at the epoch's end, and within it only for a live progress
/// bar or a callback that reads its <see cref="BatchLog.Metrics"/>. Every read also reports the first batch whose loss
/// was not finite, which <see cref="Read"/> turns into the run's <see cref="TrainingDivergedException"/>.
/// </summary>
internal sealed class RunningTrainingMetrics
{
    private readonly IBatchMetrics _sums;
    private readonly MetricsAccumulator _values;
    private readonly Func<NonFiniteLoss, TrainingDivergedException> _diverged;

    /// <param name="sums">The backend's sums for this run.</param>
    /// <param name="values">Where the values are computed.</param>
    /// <param name="diverged">Restores the epoch's starting weights and describes the non-finite batch.</param>
    public RunningTrainingMetrics(IBatchMetrics sums, MetricsAccumulator values, Func<NonFiniteLoss, TrainingDivergedException> diverged)
    {
        _sums = sums;
        _values = values;
        _diverged = diverged;
        Refresh = metrics => Read().WriteTo(metrics, "");
    }

    /// <summary>Writes the current values into a batch log's metrics (made once, so invalidating a log allocates nothing).</summary>
    public Action<Dictionary<string, float>> Refresh { get; }

    public void Reset() => _sums.Reset();

    /// <summary>Adds the last training pass over <paramref name="batch"/>; true when its loss is already known not to be
    /// finite (then <see cref="Read"/> throws).</summary>
    public bool Add(in Batch batch, int step) => _sums.Add(batch, step);

    /// <summary>The values so far (a wait on a device backend).</summary>
    /// <exception cref="TrainingDivergedException">A batch's loss was NaN or infinite; the weights are those of the epoch's start.</exception>
    public MetricsAccumulator Read()
    {
        if (_sums.ReadInto(_values) is { } nonFinite) throw _diverged(nonFinite);
        return _values;
    }
}
