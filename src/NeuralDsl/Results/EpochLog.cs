namespace NeuralDsl;

/// <summary>Metrics of one finished epoch, handed to <see cref="FitOptions.OnEpochEnd"/>.</summary>
/// <param name="Epoch">Zero-based epoch index.</param>
/// <param name="Metrics">Metric name (Keras names: <c>loss</c>, <c>accuracy</c>, <c>val_loss</c>, ...) to value.</param>
/// <param name="Seconds">Wall-clock time of the epoch, validation included.</param>
public sealed record EpochLog(int Epoch, IReadOnlyDictionary<string, float> Metrics, double Seconds);
