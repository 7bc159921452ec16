namespace NeuralDsl;

/// <summary>Settings of one <c>Fit</c> call (Keras <c>fit(...)</c> arguments).</summary>
public sealed class FitOptions
{
    /// <summary>Passes over the training data.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Rows per gradient step; the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Fraction of the rows, taken from the end before shuffling as Keras does, held out for validation.</summary>
    public float ValidationSplit { get; set; }

    /// <summary>Explicit validation rows; takes precedence over <see cref="ValidationSplit"/>.</summary>
    public ValidationData? ValidationData { get; set; }

    /// <summary>Shuffle the training rows before each epoch (seeded by the model's seed).</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>The optimizer; <c>null</c> means RMSprop with Keras's defaults (Keras's <c>compile</c> default).</summary>
    public Optimizer? Optimizer { get; set; }

    /// <summary>What to print while training.</summary>
    public Verbosity Verbose { get; set; } = Verbosity.ProgressBar;

    /// <summary>Where progress is printed; <c>null</c> means the console.</summary>
    public TextWriter? Log { get; set; }

    /// <summary>Hooks run during training, in this order (Keras's <c>callbacks=[...]</c>): early stopping, checkpoints,
    /// learning-rate schedules, logs, or your own <see cref="Callback"/>.</summary>
    public IList<Callback> Callbacks { get; set; } = [];

    /// <summary>Called after each epoch with its metrics, after <see cref="Callbacks"/>; return <c>false</c> to stop
    /// training early. A shorthand for a callback that only overrides <see cref="Callback.OnEpochEnd"/>.</summary>
    public Func<EpochLog, bool>? OnEpochEnd { get; set; }

    /// <summary>
    /// Trains data-parallel across the processes of this group (<c>MpiWorld.Initialize()</c>), or alone when <c>null</c>
    /// or a group of one. Every process passes the same training data; <see cref="BatchSize"/> stays the global batch,
    /// of which each process computes its share; one all-reduce of the gradients per step keeps the weights identical on
    /// every process, and the <see cref="History"/> is the same everywhere. Only rank 0 prints progress and runs the
    /// callbacks that write files (<see cref="Callback.WritesFiles"/>). Fit checks that the processes train alike (data,
    /// options, optimizer; at each epoch's start the learning rate, trainable layers and weights), and refuses with an
    /// <see cref="InvalidOperationException"/> on every process at once when they do not.
    /// </summary>
    public IDataParallelGroup? DataParallel { get; set; }
}
