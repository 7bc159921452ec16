namespace NeuralDsl;

/// <summary>
/// The state after one optimizer step, handed to <see cref="Callback.OnBatchEnd"/>. The run reuses one instance
/// (a training step allocates nothing), so read it during the call and copy what you keep.
/// </summary>
public sealed class BatchLog
{
    private readonly Dictionary<string, float> _metrics = new(StringComparer.Ordinal);

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

    /// <summary>The epoch's running training metrics after this batch (<c>loss</c>, <c>accuracy</c>, ...), as Keras's batch logs.</summary>
    public IReadOnlyDictionary<string, float> Metrics => _metrics;

    internal Dictionary<string, float> WritableMetrics => _metrics;
}
