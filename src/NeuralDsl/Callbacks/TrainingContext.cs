namespace NeuralDsl;

/// <summary>
/// What a <see cref="Callback"/> sees of a <c>Fit</c> run (Keras's <c>self.model</c>, <c>self.params</c> and
/// <c>model.stop_training</c>). One instance lives for the whole run.
/// </summary>
public sealed class TrainingContext
{
    /// <summary>Made by <c>Fit</c> for each run; public so that a callback can be driven by hand in a test.</summary>
    public TrainingContext(IModel model, Optimizer optimizer, History history, int epochs, int stepsPerEpoch, int batchSize,
        IReadOnlyList<string> logNames)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(logNames);
        Model = model;
        Optimizer = optimizer;
        History = history;
        Epochs = epochs;
        StepsPerEpoch = stepsPerEpoch;
        BatchSize = batchSize;
        LogNames = logNames;
    }

    /// <summary>The model being trained; cast it to its generated class for anything beyond the common members.</summary>
    public IModel Model { get; }

    /// <summary>The optimizer stepping the model; changing its <see cref="Optimizer.LearningRate"/> takes effect at the next step.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The epochs finished so far (the current one included in <see cref="Callback.OnEpochEnd"/>).</summary>
    public History History { get; }

    /// <summary>Epochs requested.</summary>
    public int Epochs { get; }

    /// <summary>Optimizer steps (batches) per epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Rows per batch (the last batch of an epoch may hold fewer).</summary>
    public int BatchSize { get; }

    /// <summary>The names every <see cref="EpochLog.Metrics"/> of this run holds, known before the first epoch:
    /// <c>loss</c> and the model's metrics, the same with <c>val_</c> when there is validation data, and <c>learning_rate</c>.</summary>
    public IReadOnlyList<string> LogNames { get; }

    /// <summary>Where a callback reports what it did (as <c>EarlyStopping</c> says when it stopped): the run's
    /// <see cref="FitOptions.Log"/> (the console by default), or null when the run prints nothing, with
    /// <see cref="Verbosity.Silent"/> or on a rank of data-parallel training other than 0.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>Set to end training once the current epoch is done (Keras's <c>model.stop_training = True</c>).</summary>
    public bool StopTraining { get; set; }
}
