using System.Globalization;

namespace NeuralDsl;

/// <summary>
/// Stops training when the monitored value has not improved for <see cref="Patience"/> epochs, as Keras's
/// <c>EarlyStopping</c>; with <see cref="RestoreBestWeights"/> the model ends with the weights of its best epoch
/// (bit for bit), also when training ran to the last epoch.
/// <para>At the end it says what it did, as Keras's does with <c>verbose=1</c>: "Epoch 6: early stopping" and
/// "Restoring model weights from the end of the best epoch: 4." (epochs counted from 1, as the progress bar counts them),
/// to the run's log whenever <c>Fit</c> prints (<see cref="FitOptions.Verbose"/> other than
/// <see cref="Verbosity.Silent"/>; on rank 0 only in data-parallel training). A run that stops early without a word
/// reads as a run that was cut short.</para>
/// </summary>
public sealed class EarlyStopping : Callback
{
    private MetricMonitor? _monitor;
    private float[]? _bestWeights;
    private int _wait;

    /// <summary>The epoch-log name watched (<c>val_loss</c> by default, as Keras).</summary>
    public string Monitor { get; init; } = "val_loss";

    /// <summary>Epochs without improvement after which training stops.</summary>
    public int Patience { get; init; }

    /// <summary>A change of at most this much does not count as an improvement.</summary>
    public float MinDelta { get; init; }

    /// <summary>Whether lower or higher is better; <see cref="MonitorMode.Auto"/> decides from the name.</summary>
    public MonitorMode Mode { get; init; } = MonitorMode.Auto;

    /// <summary>When set, patience only resets once the value also beats this baseline.</summary>
    public float? Baseline { get; init; }

    /// <summary>End training with the weights of the best epoch rather than the last.</summary>
    public bool RestoreBestWeights { get; init; }

    /// <summary>Epochs (zero-based index) before this one are a warm-up and are not watched.</summary>
    public int StartFromEpoch { get; init; }

    /// <summary>The zero-based epoch after which training stopped, or -1 when it was not stopped by this callback.</summary>
    public int StoppedEpoch { get; private set; } = -1;

    /// <summary>The zero-based epoch with the best monitored value (-1 before any was watched).</summary>
    public int BestEpoch { get; private set; } = -1;

    /// <summary>The best monitored value of the run.</summary>
    public float Best => _monitor?.Best ?? float.NaN;

    public override void OnTrainBegin(TrainingContext training)
    {
        if (Patience < 0) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "EarlyStopping.Patience must not be negative.");
        if (StartFromEpoch < 0) throw new ArgumentOutOfRangeException(nameof(StartFromEpoch), StartFromEpoch, "EarlyStopping.StartFromEpoch must not be negative.");
        _monitor = new MetricMonitor(Monitor, Mode, MinDelta);
        _monitor.CheckAgainst(training.LogNames, nameof(EarlyStopping));
        _bestWeights = null;
        _wait = 0;
        StoppedEpoch = BestEpoch = -1;
    }

    public override void OnEpochEnd(TrainingContext training, EpochLog epoch)
    {
        var monitor = _monitor ?? throw CallbackList.NotStarted();
        float current = monitor.ValueIn(epoch, nameof(EarlyStopping));
        if (epoch.Epoch < StartFromEpoch) return;
        if (RestoreBestWeights && _bestWeights is null)
        {
            // The first watched epoch is the best so far even when its value is NaN (Keras does the same).
            _bestWeights = training.Model.Parameters.ToArray();
            BestEpoch = epoch.Epoch;
        }
        _wait++;
        if (monitor.Update(current))
        {
            BestEpoch = epoch.Epoch;
            if (RestoreBestWeights) training.Model.Parameters.CopyTo(_bestWeights);
            if (Baseline is not { } baseline || monitor.Beats(current, baseline)) _wait = 0;
            return;
        }
        if (_wait >= Patience && epoch.Epoch > 0)
        {
            StoppedEpoch = epoch.Epoch;
            training.StopTraining = true;
        }
    }

    public override void OnTrainEnd(TrainingContext training)
    {
        var log = training.Log;
        if (StoppedEpoch >= 0) log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Epoch {StoppedEpoch + 1}: early stopping"));
        if (RestoreBestWeights && _bestWeights is not null)
        {
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Restoring model weights from the end of the best epoch: {BestEpoch + 1}."));
            _bestWeights.CopyTo(training.Model.Parameters);
        }
    }
}
