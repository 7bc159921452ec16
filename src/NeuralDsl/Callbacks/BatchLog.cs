namespace NeuralDsl;

/// <summary>
/// The state after one optimizer step, handed to <see cref="Callback.OnBatchEnd"/>. The run reuses one instance
/// (a training step allocates nothing), so read it during the call and copy what you keep.
/// <para>
/// On a device backend the running metrics are summed on the device; <see cref="Metrics"/> brings them over only when it
/// is read (Keras likewise syncs batch logs only when a callback needs them): reading it waits for the device's queue,
/// so a callback that needs the metrics every N batches only should read them only then. A divergence found by that
/// read ends <c>Fit</c> with a <c>TrainingDivergedException</c> thrown from the read.
/// </para>
/// </summary>
public sealed class BatchLog
{
    private readonly Dictionary<string, float> _metrics = new(StringComparer.Ordinal);
    private Action<Dictionary<string, float>>? _refresh;
    private bool _stale;

    internal BatchLog() { }

    /// <summary>A log with the given values (to drive a callback by hand in a test).</summary>
    public BatchLog(int epoch, int batch, long step, IReadOnlyDictionary<string, float> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        Epoch = epoch;
        Batch = batch;
        Step = step;
        foreach (var (name, value) in metrics) _metrics[name] = value;
    }

    /// <summary>Zero-based epoch index.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Zero-based batch index within the epoch.</summary>
    public int Batch { get; internal set; }

    /// <summary>Optimizer steps taken so far in this run, this one included (TensorBoard's step for per-batch scalars).</summary>
    public long Step { get; internal set; }

    /// <summary>The epoch's running training metrics after this batch (<c>loss</c>, <c>accuracy</c>, ...), as Keras's batch logs;
    /// on a device backend, read from the device on first access after each batch.</summary>
    public IReadOnlyDictionary<string, float> Metrics
    {
        get
        {
            if (_stale)
            {
                _stale = false;
                _refresh!(_metrics);
            }
            return _metrics;
        }
    }

    internal Dictionary<string, float> WritableMetrics => _metrics;

    /// <summary>Marks the metrics out of date: the next read of <see cref="Metrics"/> has <paramref name="refresh"/> write
    /// the current values first (a delegate made once per run, so marking allocates nothing).</summary>
    internal void Invalidate(Action<Dictionary<string, float>> refresh)
    {
        _refresh = refresh;
        _stale = true;
    }

    /// <summary>The metrics are current (written by the run itself).</summary>
    internal void MarkCurrent() => _stale = false;
}
