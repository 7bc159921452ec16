namespace NeuralDsl.Runtime.Tests.Training.Callbacks;

/// <summary>A model stand-in whose weights the script sets per epoch, and whose saves can be made to fail.</summary>
internal sealed class ScriptedModel(int parameters) : IModel
{
    private readonly float[] _parameters = new float[parameters];

    public string Name => "scripted";

    public Span<float> Parameters => _parameters;

    public List<string> Saved { get; } = [];

    /// <summary>When set, Save writes part of the file through the library's atomic writer and then fails, as a crash would.</summary>
    public bool FailNextSave { get; set; }

    public void Save(string path)
    {
        if (FailNextSave)
        {
            FailNextSave = false;
            using var file = AtomicFile.Create(path);
            file.Stream.Write([1, 2, 3]);
            throw new IOException("disk full (scripted)");
        }
        SafeTensors.Write(path, [new SafeTensor("w", [_parameters.Length], 0, _parameters.Length)], _parameters);
        Saved.Add(path);
    }
}

/// <summary>
/// Drives callbacks through the hooks as <c>Fit</c> does, on a scripted sequence of epoch logs: before each epoch's
/// end the model's weights become a value that identifies the epoch (all weights = epoch + 1), so a restored
/// snapshot shows which epoch it came from.
/// </summary>
internal sealed class ScriptedRun
{
    public static readonly string[] Names = ["loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"];

    public ScriptedRun(params Callback[] callbacks)
    {
        Callbacks = callbacks;
        Optimizer = new Adam(0.01f);
        Training = new TrainingContext(Model, Optimizer, History, epochs: 100, stepsPerEpoch: 3, batchSize: 8, Names);
    }

    public Callback[] Callbacks { get; }
    public ScriptedModel Model { get; } = new(4);
    public Optimizer Optimizer { get; }
    public History History { get; } = new();
    public TrainingContext Training { get; }

    /// <summary>The learning rate in use at each epoch run so far.</summary>
    public List<float> LearningRates { get; } = [];

    /// <summary>Runs one epoch per value of <paramref name="monitored"/>, logged as <paramref name="name"/> (the others
    /// get fixed values), until a callback stops training; returns the number of epochs run.</summary>
    public int Run(string name, params float[] monitored)
    {
        foreach (var callback in Callbacks) callback.OnTrainBegin(Training);
        int epoch = 0;
        for (; epoch < monitored.Length && !Training.StopTraining; epoch++)
        {
            foreach (var callback in Callbacks) callback.OnEpochBegin(Training, epoch);
            LearningRates.Add(Optimizer.LearningRate);
            Model.Parameters.Fill(epoch + 1);
            var metrics = Names.ToDictionary(n => n, n => n == "learning_rate" ? Optimizer.LearningRate : 0.5f);
            metrics[name] = monitored[epoch];
            var log = new EpochLog(epoch, metrics, 0.25);
            History.Add(log);
            foreach (var callback in Callbacks) callback.OnEpochEnd(Training, log);
        }
        foreach (var callback in Callbacks) callback.OnTrainEnd(Training);
        return epoch;
    }
}
