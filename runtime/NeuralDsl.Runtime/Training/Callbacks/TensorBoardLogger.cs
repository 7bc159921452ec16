namespace NeuralDsl;

/// <summary>
/// Writes the run's metrics as TensorBoard event files, as Keras's <c>keras.callbacks.TensorBoard</c> does:
/// under <see cref="LogDirectory"/>/<c>train</c> the scalars <c>epoch_loss</c>, <c>epoch_accuracy</c>, ... (every
/// training metric as <c>epoch_&lt;name&gt;</c>) and <c>epoch_learning_rate</c>; under
/// <see cref="LogDirectory"/>/<c>validation</c> the <c>val_</c> metrics with the prefix dropped (<c>epoch_loss</c>,
/// ...); the step is the zero-based epoch index. <c>tensorboard --logdir &lt;dir&gt;</c> then shows training and
/// validation as two runs on one chart. Each <c>Fit</c> starts a new file in each directory, as Keras does; the
/// records of an epoch are flushed when it ends, so TensorBoard shows the curves while training goes on.
/// <code>
/// model.Fit(x, y, new FitOptions { Epochs = 20, ValidationSplit = 0.2f, Callbacks = [new TensorBoardLogger("runs/adam")] });
/// </code>
/// </summary>
public sealed class TensorBoardLogger : Callback
{
    /// <summary>Writes files: in data-parallel training only rank 0 runs it.</summary>
    public override bool WritesFiles => true;

    private const string TrainDirectory = "train", ValidationDirectory = "validation";
    private const string EpochPrefix = "epoch_", BatchPrefix = "batch_";

    // Tags by log name, made once per name so that logging a batch allocates no string.
    private readonly Dictionary<string, string> _epochTags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _batchTags = new(StringComparer.Ordinal);
    private readonly int _updateFrequency;
    private EventFileWriter? _train, _validation;

    /// <summary>Logs to <paramref name="logDirectory"/> (Keras's <c>log_dir</c>), which is created when training begins;
    /// a relative path is taken from the current directory now.</summary>
    /// <exception cref="ArgumentException"><paramref name="logDirectory"/> is empty or not a valid path.</exception>
    public TensorBoardLogger(string logDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(logDirectory);
        LogDirectory = Path.GetFullPath(logDirectory);
    }

    /// <summary>The directory that holds <c>train</c> and <c>validation</c>, as a full path.</summary>
    public string LogDirectory { get; }

    /// <summary>Also write the running training metrics every this many batches (Keras's <c>update_freq</c>) as
    /// <c>batch_loss</c>, <c>batch_accuracy</c>, ... under <c>train</c>, with the optimizer's step count
    /// (<see cref="BatchLog.Step"/>) as the step. 0, the default, writes per epoch only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int UpdateFrequency
    {
        get => _updateFrequency;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(UpdateFrequency));
            _updateFrequency = value;
        }
    }

    /// <summary>Opens a new event file under <c>train</c>, and under <c>validation</c> when the run validates; files
    /// still open from a run that ended in an exception are closed first.</summary>
    /// <exception cref="IOException">A directory or file cannot be created; the message names the path.</exception>
    public override void OnTrainBegin(TrainingContext training)
    {
        ArgumentNullException.ThrowIfNull(training);
        CloseFiles();
        _train = EventFileWriter.Create(Path.Combine(LogDirectory, TrainDirectory));
        if (!training.LogNames.Any(IsValidation)) return;
        try
        {
            _validation = EventFileWriter.Create(Path.Combine(LogDirectory, ValidationDirectory));
        }
        catch
        {
            CloseFiles();
            throw;
        }
    }

    /// <summary>Writes the batch's running metrics every <see cref="UpdateFrequency"/> steps.</summary>
    public override void OnBatchEnd(TrainingContext training, BatchLog batch)
    {
        if (_updateFrequency == 0) return;
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Step % _updateFrequency != 0) return;
        var train = Open(_train);
        foreach (var (name, value) in batch.Metrics)
            train.WriteScalar(Tag(_batchTags, BatchPrefix, name), value, batch.Step);
        train.Flush();
    }

    /// <summary>Writes the epoch's metrics at step <see cref="EpochLog.Epoch"/> and flushes them.</summary>
    public override void OnEpochEnd(TrainingContext training, EpochLog epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        var train = Open(_train);
        foreach (var (name, value) in epoch.Metrics)
        {
            // A log with validation metrics that the run's LogNames did not announce (a hand-made one) still gets a file.
            var writer = IsValidation(name) ? _validation ??= EventFileWriter.Create(Path.Combine(LogDirectory, ValidationDirectory)) : train;
            writer.WriteScalar(Tag(_epochTags, EpochPrefix, name), value, epoch.Epoch);
        }
        train.Flush();
        _validation?.Flush();
    }

    /// <summary>Closes the files.</summary>
    public override void OnTrainEnd(TrainingContext training) => CloseFiles();

    private static bool IsValidation(string name) => name.StartsWith(LogNames.ValidationPrefix, StringComparison.Ordinal);

    /// <summary>The tag of log name <paramref name="name"/>: <paramref name="prefix"/> and the name without <c>val_</c>.</summary>
    private static string Tag(Dictionary<string, string> tags, string prefix, string name)
    {
        if (!tags.TryGetValue(name, out string? tag))
            tags[name] = tag = prefix + (IsValidation(name) ? name[LogNames.ValidationPrefix.Length..] : name);
        return tag;
    }

    private static EventFileWriter Open(EventFileWriter? writer) =>
        writer ?? throw new InvalidOperationException("TensorBoardLogger has no open event file: OnTrainBegin opens them (Fit calls it before the first epoch).");

    /// <summary>Closes both files, the second also when closing the first fails.</summary>
    private void CloseFiles()
    {
        EventFileWriter? train = _train, validation = _validation;
        _train = _validation = null;
        try
        {
            train?.Dispose();
        }
        finally
        {
            validation?.Dispose();
        }
    }
}
