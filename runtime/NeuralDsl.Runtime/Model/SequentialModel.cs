using NeuralDsl.Cpu;

namespace NeuralDsl;

/// <summary>
/// The base of every generated model. The generator writes the model-specific passes (initialisation,
/// forward, backward, regularization) with every size a constant; this class owns the one parameter
/// buffer and its gradient buffer and supplies the Keras-style API around them.
/// </summary>
public abstract class SequentialModel
{
    private const int DefaultInferenceBatch = 256;

    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private readonly int _seed;
    private int _capacity;

    protected SequentialModel(ModelInfo info, int? seed)
    {
        ArgumentNullException.ThrowIfNull(info);
        Info = info;
        // Without a seed each model starts differently, as in Keras; with one, everything is repeatable.
        _seed = seed ?? System.Random.Shared.Next();
        _parameters = new float[info.ParameterCount];
        _gradients = new float[info.ParameterCount];
        DropoutRandom = new RandomSource(StreamSeed(2));
        ShuffleRandom = new RandomSource(StreamSeed(3));
        InitializeParameters(new RandomSource(StreamSeed(1)));
    }

    /// <summary>Compile-time facts about the model: layers, shapes, loss, metrics.</summary>
    public ModelInfo Info { get; }

    /// <summary>The seed that initialised the weights and drives dropout and shuffling.</summary>
    public int Seed => _seed;

    /// <summary>All weights and biases in one buffer, laid out as <see cref="ModelInfo.Tensors"/>.</summary>
    public Span<float> Parameters => _parameters;

    /// <summary>Gradients of the last <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float})"/> or training step, same layout.</summary>
    public ReadOnlySpan<float> Gradients => _gradients;

    /// <summary>When set, training-mode forward passes reuse the dropout masks already drawn instead of
    /// drawing new ones, so a loss can be evaluated twice under the same mask (gradient checks).</summary>
    public bool FreezeDropoutMasks { get; set; }

    /// <summary>Writable gradient buffer for the generated backward pass.</summary>
    protected Span<float> GradientBuffer => _gradients;

    /// <summary>Random stream for dropout masks.</summary>
    protected RandomSource DropoutRandom { get; }

    internal RandomSource ShuffleRandom { get; }

    /// <summary>Rows the workspace currently holds.</summary>
    protected int Capacity => _capacity;

    // ---- Generated passes -------------------------------------------------------------------------

    /// <summary>Fills <see cref="Parameters"/> with each tensor's initializer, in buffer order.</summary>
    protected abstract void InitializeParameters(RandomSource random);

    /// <summary>(Re)allocates activation, mask and gradient buffers for up to <paramref name="rows"/> rows.</summary>
    protected abstract void AllocateWorkspace(int rows);

    /// <summary>Runs every layer on <paramref name="rows"/> rows of <paramref name="x"/>; returns the output rows.</summary>
    protected abstract ReadOnlySpan<float> ForwardPass(ReadOnlySpan<float> x, int rows, bool training);

    /// <summary>After a training forward pass on the same rows, writes dL/dθ of the batch-mean loss
    /// (regularization included) into <see cref="GradientBuffer"/>; targets are rows × OutputSize.</summary>
    protected abstract void BackwardPass(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows);

    /// <summary>Sum of the layers' weight penalties (0 for a model without regularizers).</summary>
    protected abstract double RegularizationPenalty();

    // ---- Public API -------------------------------------------------------------------------------

    /// <summary>Trains on <paramref name="x"/> (rows × InputSize) and <paramref name="y"/> (rows × OutputSize,
    /// or one class index per row for sparse categorical cross-entropy).</summary>
    public History Fit(ReadOnlySpan<float> x, ReadOnlySpan<float> y, FitOptions? options = null)
    {
        int rows = RowsOf(x, nameof(x));
        var targets = Targets.FromFloats(Info, y, rows, nameof(y));
        return TrainingLoop.Run(this, x, targets, rows, options ?? new FitOptions());
    }

    /// <summary>Trains with integer class labels (one per row): one-hot for several outputs, 0/1 for one.</summary>
    public History Fit(ReadOnlySpan<float> x, ReadOnlySpan<int> labels, FitOptions? options = null)
    {
        int rows = RowsOf(x, nameof(x));
        var targets = Targets.FromLabels(Info, labels, rows, nameof(labels));
        return TrainingLoop.Run(this, x, targets, rows, options ?? new FitOptions());
    }

    /// <summary>Loss and metrics on <paramref name="x"/> with targets as in <see cref="Fit(ReadOnlySpan{float}, ReadOnlySpan{float}, FitOptions?)"/>.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int rows = RowsOf(x, nameof(x));
        return EvaluateTargets(x, Targets.FromFloats(Info, y, rows, nameof(y)), rows);
    }

    /// <summary>Loss and metrics on <paramref name="x"/> with integer class labels.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<int> labels)
    {
        int rows = RowsOf(x, nameof(x));
        return EvaluateTargets(x, Targets.FromLabels(Info, labels, rows, nameof(labels)), rows);
    }

    /// <summary>Model outputs, rows × OutputSize (probabilities for softmax / sigmoid outputs).</summary>
    public float[] Predict(ReadOnlySpan<float> x)
    {
        int rows = RowsOf(x, nameof(x));
        var result = new float[rows * Info.OutputSize];
        PredictInto(x, result, rows);
        return result;
    }

    /// <summary>Writes the outputs for the rows of <paramref name="x"/> into <paramref name="destination"/>
    /// (rows × OutputSize) without allocating.</summary>
    public void Predict(ReadOnlySpan<float> x, Span<float> destination)
    {
        int rows = RowsOf(x, nameof(x));
        if (destination.Length != rows * Info.OutputSize)
            throw new ArgumentException($"destination holds {destination.Length} values but {rows} rows × {Info.OutputSize} outputs = {rows * Info.OutputSize} are needed.", nameof(destination));
        PredictInto(x, destination, rows);
    }

    /// <summary>Predicted class per row: arg-max of several outputs, or output &gt; 0.5 for one.</summary>
    public int[] PredictClasses(ReadOnlySpan<float> x)
    {
        float[] outputs = Predict(x);
        int width = Info.OutputSize, rows = outputs.Length / width;
        var classes = new int[rows];
        for (int r = 0; r < rows; r++)
            classes[r] = width == 1 ? (outputs[r] > 0.5f ? 1 : 0) : MetricsAccumulator.ArgMax(outputs.AsSpan(r * width, width));
        return classes;
    }

    /// <summary>The Keras-style table of layers, output shapes and parameter counts.</summary>
    public string Summary() => ModelSummary.Format(Info);

    /// <summary>Writes the weights as a safetensors file (one tensor per kernel and bias).</summary>
    public void Save(string path) =>
        SafeTensors.Write(path, Info.Tensors.ToArray(), _parameters, new Dictionary<string, string>
        {
            ["format"] = "neuraldsl",
            ["model"] = Info.Name,
        });

    /// <summary>Reads weights saved by <see cref="Save"/>; every tensor must be present with the same shape.</summary>
    public void LoadWeights(string path) => SafeTensors.ReadInto(path, Info.Tensors.ToArray(), _parameters);

    /// <summary>
    /// One forward (training mode) and backward pass over <paramref name="x"/>: fills <see cref="Gradients"/>
    /// and returns the batch-mean loss plus regularization. Parameters are not changed.
    /// </summary>
    public float ComputeGradients(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int rows = RowsOf(x, nameof(x));
        var targets = Targets.FromFloats(Info, y, rows, nameof(y));
        EnsureCapacity(rows);
        var output = ForwardPass(x, rows, training: true);
        double loss = LossKernels.Sum(Info.Loss, output, targets, rows, Info.OutputSize) / rows + RegularizationPenalty();
        BackwardPass(x, targets, rows);
        return (float)loss;
    }

    /// <summary>The batch-mean loss plus regularization, in training mode (dropout active, honouring
    /// <see cref="FreezeDropoutMasks"/>) or inference mode.</summary>
    public float ComputeLoss(ReadOnlySpan<float> x, ReadOnlySpan<float> y, bool training)
    {
        int rows = RowsOf(x, nameof(x));
        var targets = Targets.FromFloats(Info, y, rows, nameof(y));
        EnsureCapacity(rows);
        var output = ForwardPass(x, rows, training);
        return (float)(LossKernels.Sum(Info.Loss, output, targets, rows, Info.OutputSize) / rows + RegularizationPenalty());
    }

    // ---- Helpers shared with the training loop ----------------------------------------------------

    internal void EnsureCapacity(int rows)
    {
        if (rows <= _capacity) return;
        AllocateWorkspace(rows);
        _capacity = rows;
    }

    internal ReadOnlySpan<float> RunForward(ReadOnlySpan<float> x, int rows, bool training) => ForwardPass(x, rows, training);

    internal void RunBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows) => BackwardPass(x, targets, rows);

    internal double Penalty() => RegularizationPenalty();

    internal Span<float> GradientSpan => _gradients;

    internal Evaluation EvaluateTargets(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows)
    {
        var metrics = new MetricsAccumulator(Info);
        Accumulate(x, targets, rows, metrics);
        return metrics.ToEvaluation();
    }

    /// <summary>Adds the inference-mode loss and metrics of all rows to <paramref name="metrics"/>.</summary>
    internal void Accumulate(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, MetricsAccumulator metrics)
    {
        int batch = InferenceBatch(), inputs = Info.InputSize, outputs = Info.OutputSize;
        double penalty = RegularizationPenalty();
        for (int start = 0; start < rows; start += batch)
        {
            int count = Math.Min(batch, rows - start);
            var output = ForwardPass(x.Slice(start * inputs, count * inputs), count, training: false);
            var batchTargets = targets.Slice(start * outputs, count * outputs);
            double lossSum = LossKernels.Sum(Info.Loss, output, batchTargets, count, outputs) + penalty * count;
            metrics.Add(output, batchTargets, count, lossSum);
        }
    }

    private void PredictInto(ReadOnlySpan<float> x, Span<float> result, int rows)
    {
        int batch = InferenceBatch(), inputs = Info.InputSize, outputs = Info.OutputSize;
        for (int start = 0; start < rows; start += batch)
        {
            int count = Math.Min(batch, rows - start);
            ForwardPass(x.Slice(start * inputs, count * inputs), count, training: false)
                .CopyTo(result.Slice(start * outputs, count * outputs));
        }
    }

    private int InferenceBatch()
    {
        EnsureCapacity(DefaultInferenceBatch);
        return _capacity;
    }

    private int RowsOf(ReadOnlySpan<float> x, string name)
    {
        int width = Info.InputSize;
        if (x.Length == 0 || x.Length % width != 0)
            throw new ArgumentException(
                $"{Info.Name} takes rows of {width} inputs ({string.Join("×", Info.InputShape)}), but {name} holds {x.Length} values, " +
                $"which is not a whole, positive number of rows ({x.Length} / {width} = {x.Length / (double)width:0.###}).", name);
        return x.Length / width;
    }

    private ulong StreamSeed(int stream) => (ulong)(uint)_seed * 0x9E3779B97F4A7C15UL + (ulong)stream;
}
