namespace NeuralDsl;

/// <summary>
/// Multiplies the learning rate by <see cref="Factor"/> when the monitored value has not improved for
/// <see cref="Patience"/> epochs, as Keras's <c>ReduceLROnPlateau</c> (same defaults); after a reduction it waits
/// <see cref="Cooldown"/> epochs before counting again, and never goes below <see cref="MinLearningRate"/>.
/// </summary>
public sealed class ReduceLearningRateOnPlateau : Callback
{
    private MetricMonitor? _monitor;
    private int _wait, _cooldownLeft;

    /// <summary>The epoch-log name watched.</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>The new rate is the old one times this; in (0, 1).</summary>
    public float Factor { get; init; } = 0.1f;

    /// <summary>Epochs without improvement before a reduction.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>A change of at most this much does not count as an improvement (Keras's default 1e-4).</summary>
    public float MinDelta { get; init; } = 1e-4f;

    /// <summary>Epochs after a reduction during which no further one happens.</summary>
    public int Cooldown { get; init; }

    /// <summary>The rate is never reduced below this.</summary>
    public float MinLearningRate { get; init; }

    /// <summary>Whether lower or higher is better; <see cref="MonitorMode.Auto"/> decides from the name.</summary>
    public MonitorMode Mode { get; init; } = MonitorMode.Auto;

    public override void OnTrainBegin(TrainingContext training)
    {
        if (!(Factor > 0 && Factor < 1))
            throw new ArgumentOutOfRangeException(nameof(Factor), Factor, "ReduceLearningRateOnPlateau.Factor must be in (0, 1): it multiplies the learning rate.");
        if (Patience < 0) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "ReduceLearningRateOnPlateau.Patience must not be negative.");
        if (Cooldown < 0) throw new ArgumentOutOfRangeException(nameof(Cooldown), Cooldown, "ReduceLearningRateOnPlateau.Cooldown must not be negative.");
        if (!(MinLearningRate >= 0) || float.IsInfinity(MinLearningRate))
            throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, "ReduceLearningRateOnPlateau.MinLearningRate must be a finite number ≥ 0.");
        _monitor = new MetricMonitor(Monitor, Mode, MinDelta);
        _monitor.CheckAgainst(training.LogNames, nameof(ReduceLearningRateOnPlateau));
        _wait = _cooldownLeft = 0;
    }

    public override void OnEpochEnd(TrainingContext training, EpochLog epoch)
    {
        var monitor = _monitor ?? throw CallbackList.NotStarted();
        float current = monitor.ValueIn(epoch, nameof(ReduceLearningRateOnPlateau));
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _wait = 0;
        }
        if (monitor.Update(current))
        {
            _wait = 0;
            return;
        }
        if (_cooldownLeft > 0 || ++_wait < Patience) return;
        var optimizer = training.Optimizer;
        if (optimizer.LearningRate > MinLearningRate)
        {
            float reduced = Math.Max(optimizer.LearningRate * Factor, MinLearningRate);
            // A minimum of 0 must not make the rate 0, which no optimizer accepts.
            if (reduced > 0) optimizer.LearningRate = reduced;
            _cooldownLeft = Cooldown;
            _wait = 0;
        }
    }
}
