using NeuralDsl.Cpu;
using NeuralDsl.OpenCl;

namespace NeuralDsl;

/// <summary>
/// The base of every generated model. The generator writes the model-specific passes (initialisation,
/// forward, backward, regularization) with every size a constant, for the CPU as C# and for OpenCL as a
/// kernel program with its launch sequence; this class owns the one parameter buffer and its gradient
/// buffer and supplies the Keras-style API around them on either backend (<see cref="UseDevice"/>).
/// </summary>
public abstract class SequentialModel
{
    private const int DefaultInferenceBatch = 256;

    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private readonly int _seed;
    private int _capacity;
    private OpenClModelBackend? _openCl;
    private float[] _deviceOutput = [];

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

    /// <summary>The model's OpenCL program and workspace layout.</summary>
    protected abstract OpenClModelCode OpenClCode { get; }

    /// <summary>Enqueues the forward pass over the <paramref name="rows"/> rows in the device input slot.</summary>
    protected abstract void OpenClForward(OpenClLauncher launch, int rows);

    /// <summary>Enqueues the backward pass after a training forward pass (targets in the device target slot).</summary>
    protected abstract void OpenClBackward(OpenClLauncher launch, int rows);

    // ---- Backend ----------------------------------------------------------------------------------

    /// <summary>Where <see cref="Fit(ReadOnlySpan{float}, ReadOnlySpan{float}, FitOptions?)"/>, <see cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float})"/>,
    /// <see cref="Predict(ReadOnlySpan{float})"/> and the gradient methods run: <see cref="Device.Cpu"/> unless <see cref="UseDevice"/> chose another.</summary>
    public Device Device => _openCl?.Device ?? Device.Cpu;

    /// <summary>
    /// Runs this model on <paramref name="device"/> from now on: <see cref="Device.Cpu"/>, or an OpenCL device
    /// (<see cref="Device.OpenCl()"/>), for which the model's generated OpenCL program is built here, so a driver's
    /// compile error surfaces now. The weights stay in <see cref="Parameters"/> and move with the model; results on
    /// the two backends agree to rounding (dropout masks differ: each backend draws its own).
    /// </summary>
    public void UseDevice(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device == Device) return;
        var previous = _openCl;
        _openCl = device.IsCpu ? null : new OpenClModelBackend(device, OpenClCode, Info.ParameterCount);
        previous?.Dispose();
    }

    /// <summary>The device state when the model runs on OpenCL.</summary>
    internal OpenClModelBackend? OpenCl => _openCl;

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
        if (_openCl is { } device)
        {
            var deviceOutput = DeviceForward(device, x, targets, rows, training: true);
            double deviceLoss = LossKernels.Sum(Info.Loss, deviceOutput, targets, rows, Info.OutputSize) / rows + RegularizationPenalty();
            DeviceBackward(device, rows);
            device.DownloadGradients(_gradients);
            return (float)deviceLoss;
        }
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
        ReadOnlySpan<float> output;
        if (_openCl is { } device) output = DeviceForward(device, x, targets, rows, training);
        else
        {
            EnsureCapacity(rows);
            output = ForwardPass(x, rows, training);
        }
        return (float)(LossKernels.Sum(Info.Loss, output, targets, rows, Info.OutputSize) / rows + RegularizationPenalty());
    }

    // ---- Helpers shared with the training loop ----------------------------------------------------

    internal void EnsureCapacity(int rows)
    {
        if (_openCl is { } device)
        {
            if (rows <= device.Capacity) return;
            device.EnsureCapacity(rows);
            _deviceOutput = new float[rows * Info.OutputSize];
            return;
        }
        if (rows <= _capacity) return;
        AllocateWorkspace(rows);
        _capacity = rows;
    }

    internal ReadOnlySpan<float> RunForward(ReadOnlySpan<float> x, int rows, bool training) => ForwardPass(x, rows, training);

    internal void RunBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows) => BackwardPass(x, targets, rows);

    internal double Penalty() => RegularizationPenalty();

    internal Span<float> GradientSpan => _gradients;

    internal float[] ParameterArray => _parameters;

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
        if (_openCl is { } device) device.UploadParameters(_parameters);
        for (int start = 0; start < rows; start += batch)
        {
            int count = Math.Min(batch, rows - start);
            var output = InferBatch(x.Slice(start * inputs, count * inputs), count);
            var batchTargets = targets.Slice(start * outputs, count * outputs);
            double lossSum = LossKernels.Sum(Info.Loss, output, batchTargets, count, outputs) + penalty * count;
            metrics.Add(output, batchTargets, count, lossSum);
        }
    }

    private void PredictInto(ReadOnlySpan<float> x, Span<float> result, int rows)
    {
        int batch = InferenceBatch(), inputs = Info.InputSize, outputs = Info.OutputSize;
        if (_openCl is { } device) device.UploadParameters(_parameters);
        for (int start = 0; start < rows; start += batch)
        {
            int count = Math.Min(batch, rows - start);
            InferBatch(x.Slice(start * inputs, count * inputs), count).CopyTo(result.Slice(start * outputs, count * outputs));
        }
    }

    /// <summary>Inference-mode outputs of one batch on the current backend (device parameters already uploaded).</summary>
    private ReadOnlySpan<float> InferBatch(ReadOnlySpan<float> x, int rows)
    {
        if (_openCl is not { } device) return ForwardPass(x, rows, training: false);
        device.LoadInput(x);
        return RunDeviceForward(device, rows, training: false);
    }

    private int InferenceBatch()
    {
        EnsureCapacity(DefaultInferenceBatch);
        return _openCl?.Capacity ?? _capacity;
    }

    // ---- OpenCL passes ----------------------------------------------------------------------------

    /// <summary>Uploads the parameters and one batch of inputs (and targets), runs the forward pass and returns its outputs.</summary>
    private ReadOnlySpan<float> DeviceForward(OpenClModelBackend device, ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, bool training)
    {
        EnsureCapacity(rows);
        device.UploadParameters(_parameters);
        device.LoadInput(x);
        device.LoadTargets(targets);
        return RunDeviceForward(device, rows, training);
    }

    /// <summary>Enqueues the forward pass over the rows already in the device input slot and reads the outputs back.</summary>
    internal ReadOnlySpan<float> RunDeviceForward(OpenClModelBackend device, int rows, bool training)
    {
        int mode = !training ? 0 : FreezeDropoutMasks ? 2 : 1;
        // One draw per training pass seeds every dropout mask of the pass (counter-based on the device).
        uint seed = mode == 1 ? (uint)DropoutRandom.NextUInt64() : 0;
        device.Launcher.BeginPass(rows, mode, seed);
        OpenClForward(device.Launcher, rows);
        var output = _deviceOutput.AsSpan(0, rows * Info.OutputSize);
        device.ReadOutputs(output);
        return output;
    }

    /// <summary>Enqueues the backward pass after <see cref="RunDeviceForward"/> on the same rows.</summary>
    internal void DeviceBackward(OpenClModelBackend device, int rows)
    {
        device.Launcher.BeginPass(rows, 1, 0);
        OpenClBackward(device.Launcher, rows);
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
