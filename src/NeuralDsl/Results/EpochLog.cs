namespace NeuralDsl;

/// <summary>Metrics of one finished epoch, handed to <see cref="FitOptions.OnEpochEnd"/>.</summary>
/// <param name="Epoch">Zero-based epoch index.</param>
/// <param name="Metrics">Metric name (Keras names: <c>loss</c>, <c>accuracy</c>, <c>val_loss</c>, ...) to value.</param>
/// <param name="Seconds">Wall-clock time of the epoch, validation included.</param>
/// <exception cref="ArgumentNullException"><paramref name="Metrics"/> is null.</exception>
public sealed record EpochLog(int Epoch, IReadOnlyDictionary<string, float> Metrics, double Seconds)
{
    // Checked here, also for `with`, so that no reader of a log meets a null dictionary.
    private readonly IReadOnlyDictionary<string, float> _metrics = Metrics ?? throw new ArgumentNullException(nameof(Metrics));

    /// <summary>Metric name (Keras names: <c>loss</c>, <c>accuracy</c>, <c>val_loss</c>, ...) to value.</summary>
    public IReadOnlyDictionary<string, float> Metrics
    {
        get => _metrics;
        init => _metrics = value ?? throw new ArgumentNullException(nameof(Metrics));
    }
}
