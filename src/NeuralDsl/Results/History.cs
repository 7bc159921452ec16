namespace NeuralDsl;

/// <summary>
/// Per-epoch metrics of a <c>Fit</c> call (Keras <c>History.history</c>): keys such as <c>loss</c>,
/// <c>accuracy</c>, <c>val_loss</c>, <c>val_accuracy</c>, each with one value per epoch.
/// </summary>
public sealed class History
{
    private readonly Dictionary<string, List<float>> _metrics = new(StringComparer.Ordinal);
    private readonly List<double> _epochSeconds = new();

    /// <summary>All recorded series, by Keras metric name.</summary>
    public IReadOnlyDictionary<string, List<float>> Metrics => _metrics;

    /// <summary>Wall-clock seconds of each epoch.</summary>
    public IReadOnlyList<double> EpochSeconds => _epochSeconds;

    /// <summary>Number of epochs run (fewer than requested when a callback stopped training).</summary>
    public int Epochs => _epochSeconds.Count;

    public IReadOnlyList<float> Loss => Series("loss");
    public IReadOnlyList<float> Accuracy => Series("accuracy");
    public IReadOnlyList<float> ValLoss => Series("val_loss");
    public IReadOnlyList<float> ValAccuracy => Series("val_accuracy");

    /// <summary>The series for <paramref name="name"/>, empty when that metric was not recorded.</summary>
    public IReadOnlyList<float> Series(string name) => _metrics.TryGetValue(name, out var values) ? values : [];

    /// <summary>Appends one epoch's metrics.</summary>
    public void Add(EpochLog epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        foreach (var (name, value) in epoch.Metrics)
        {
            if (!_metrics.TryGetValue(name, out var series))
                _metrics[name] = series = new List<float>();
            series.Add(value);
        }
        _epochSeconds.Add(epoch.Seconds);
    }
}
