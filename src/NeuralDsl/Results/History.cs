namespace NeuralDsl;

/// <summary>
/// Per-epoch metrics of a <c>Fit</c> call (Keras <c>History.history</c>): keys such as <c>loss</c>,
/// <c>accuracy</c>, <c>val_loss</c>, <c>val_accuracy</c>, each with one value per epoch that logged it.
/// </summary>
public sealed class History
{
    private readonly Dictionary<string, List<float>> _metrics = new(StringComparer.Ordinal);
    // The epoch of each value, beside it: a metric first logged in a later epoch (or not every epoch) keeps its place.
    private readonly Dictionary<string, List<int>> _epochs = new(StringComparer.Ordinal);
    private readonly List<double> _epochSeconds = new();

    /// <summary>All recorded series, by Keras metric name. As in Keras, a series holds only the values logged: a
    /// metric missing from some epochs has fewer values than <see cref="Epochs"/>.</summary>
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
    public IReadOnlyList<float> Series(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _metrics.TryGetValue(name, out var values) ? values : [];
    }

    /// <summary>The zero-based epoch (position in this history) of each value of <see cref="Series"/>(<paramref name="name"/>).</summary>
    /// <exception cref="InvalidOperationException">The series was changed through <see cref="Metrics"/> rather than <see cref="Add"/>.</exception>
    internal IReadOnlyList<int> EpochsOf(string name)
    {
        var values = Series(name);
        if (!_epochs.TryGetValue(name, out var epochs)) epochs = [];
        if (epochs.Count != values.Count)
            throw new InvalidOperationException(
                $"The history's series \"{name}\" holds {values.Count} values but {epochs.Count} were added through History.Add, " +
                "so their epochs are unknown; change a history only through Add.");
        return epochs;
    }

    /// <summary>Appends one epoch's metrics.</summary>
    public void Add(EpochLog epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        int index = _epochSeconds.Count;
        foreach (var (name, value) in epoch.Metrics)
        {
            if (!_metrics.TryGetValue(name, out var series))
            {
                _metrics[name] = series = new List<float>();
                _epochs[name] = new List<int>();
            }
            series.Add(value);
            _epochs[name].Add(index);
        }
        _epochSeconds.Add(epoch.Seconds);
    }
}
