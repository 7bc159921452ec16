namespace NeuralDsl;

/// <summary>
/// One monitored log value and its best so far, with Keras's rules: the direction from <see cref="MonitorMode"/>,
/// an improvement must beat the best by more than <c>minDelta</c>, and a NaN never improves. The one place these rules
/// live, for EarlyStopping, ModelCheckpoint, ReduceLearningRateOnPlateau
/// and the hyper-parameter search's score.
/// </summary>
internal sealed class MetricMonitor
{
    private readonly float _minDelta;

    public MetricMonitor(string name, MonitorMode mode, float minDelta = 0f)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!(minDelta >= 0) || float.IsInfinity(minDelta))
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "MinDelta must be a finite number ≥ 0 (Keras uses its absolute value).");
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Mode must be Auto, Min or Max.");
        Name = name;
        Maximize = mode == MonitorMode.Max || (mode == MonitorMode.Auto && MaximizedByName(name));
        _minDelta = minDelta;
        Reset();
    }

    public string Name { get; }

    /// <summary>Higher is better.</summary>
    public bool Maximize { get; }

    /// <summary>The best value seen since <see cref="Reset"/> (±∞ before the first).</summary>
    public float Best { get; private set; }

    /// <summary>Keras's <c>auto</c> direction.</summary>
    public static bool MaximizedByName(string name) =>
        name.Contains("acc", StringComparison.OrdinalIgnoreCase) || name.Contains("precision", StringComparison.OrdinalIgnoreCase)
        || name.Contains("recall", StringComparison.OrdinalIgnoreCase) || name.Contains("auc", StringComparison.OrdinalIgnoreCase);

    public void Reset() => Best = Maximize ? float.NegativeInfinity : float.PositiveInfinity;

    /// <summary>Whether <paramref name="value"/> beats the best by more than the minimum delta.</summary>
    public bool IsImprovement(float value) => Beats(value, Best);

    /// <summary>Whether <paramref name="value"/> beats <paramref name="reference"/> by more than the minimum delta (Keras's
    /// <c>_is_improvement</c>); NaN never does.</summary>
    public bool Beats(float value, float reference) =>
        Maximize ? value - _minDelta > reference : value + _minDelta < reference;

    /// <summary>Records <paramref name="value"/>; true when it improved on the best (which then becomes it).</summary>
    public bool Update(float value)
    {
        if (!IsImprovement(value)) return false;
        Best = value;
        return true;
    }

    /// <summary>Of two values, the better one (NaN loses).</summary>
    public bool IsBetter(float value, float than) =>
        !float.IsNaN(value) && (float.IsNaN(than) || (Maximize ? value > than : value < than));

    /// <summary>Throws unless the run's logs will hold the monitored name; called before the first epoch.</summary>
    public void CheckAgainst(IReadOnlyList<string> logNames, string owner)
    {
        if (!logNames.Contains(Name)) throw Unknown(logNames, owner);
    }

    /// <summary>The monitored value of <paramref name="log"/>; a name the log lacks is an <see cref="ArgumentException"/>.</summary>
    public float ValueIn(EpochLog log, string owner) =>
        log.Metrics.TryGetValue(Name, out float value) ? value : throw Unknown([.. log.Metrics.Keys], owner);

    private ArgumentException Unknown(IReadOnlyCollection<string> names, string owner) =>
        new($"{owner} monitors \"{Name}\", which the epoch log does not have; it has {string.Join(", ", names.Select(n => $"\"{n}\""))}." +
            (Name.StartsWith(LogNames.ValidationPrefix, StringComparison.Ordinal) && !names.Any(n => n.StartsWith(LogNames.ValidationPrefix, StringComparison.Ordinal))
                ? " Validation metrics need FitOptions.ValidationSplit or ValidationData." : ""),
            "Monitor");
}
