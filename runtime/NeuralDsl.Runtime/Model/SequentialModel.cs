using System.Globalization;
using NeuralDsl.Cpu;
using NeuralDsl.Distributed;
using NeuralDsl.OpenCl;

namespace NeuralDsl;

/// <summary>
/// The base of every generated model. The generator writes the model-specific code (initialisation, and the passes
/// of each backend: C# for the CPU, an OpenCL C program with its launch sequence) with every size a constant; this
/// class owns the one parameter buffer and its gradient buffer and supplies the Keras-style API around them, running
/// the passes through the backend of the current <see cref="Device"/>.
/// </summary>
/// <remarks>
/// Thread safety: <see cref="Predict(ReadOnlySpan{float})"/>, <see cref="PredictClasses"/>, <see cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// and <see cref="Save"/> may run on many threads at once and give the results of one thread. <see cref="Fit(ReadOnlySpan{float}, ReadOnlySpan{float}, FitOptions?)"/>,
/// <see cref="LoadWeights(string, bool)"/>, <see cref="UseDevice"/> and the gradient methods need the model to themselves: they wait for
/// the calls in flight to return, and calls arriving meanwhile wait for them. Fit alone is not waited for, since it runs
/// callbacks and can take hours: while it runs, a call from another thread throws an <see cref="InvalidOperationException"/>
/// naming it. Fit's callbacks, on Fit's thread, may call everything.
/// </remarks>
public abstract class SequentialModel : IModel
{
    private readonly ArraySegment<float> _parameters; // AlignedFloats: each starts a cache line
    private readonly ArraySegment<float> _gradients;
    private readonly int _seed;
    private readonly ModelGate _gate;
    private IModelBackend _backend;

    protected SequentialModel(ModelInfo info, int? seed)
    {
        ArgumentNullException.ThrowIfNull(info);
        Info = info;
        // Without a seed each model starts differently, as in Keras; with one, everything is repeatable.
        _seed = seed ?? System.Random.Shared.Next();
        _parameters = AlignedFloats.Allocate(info.ParameterCount);
        _gradients = AlignedFloats.Allocate(info.ParameterCount);
        Trainability = new LayerTrainability(info);
        DropoutRandom = new RandomSource(StreamSeed(2));
        ShuffleRandom = new RandomSource(StreamSeed(3));
        _gate = new ModelGate(info.Name, CalledInsideFit);
        InitializeParameters(new RandomSource(StreamSeed(1)));
        _backend = new CpuBackend(CreateCpuPasses, this);
    }

    /// <summary>Compile-time facts about the model: layers, shapes, loss, metrics.</summary>
    public ModelInfo Info { get; }

    /// <summary>The model's class name (<see cref="ModelInfo.Name"/>).</summary>
    public string Name => Info.Name;

    /// <summary>The seed that initialised the weights and drives dropout and shuffling.</summary>
    public int Seed => _seed;

    /// <summary>All weights and biases, and the layers' state (BatchNormalization's moving statistics), in one buffer, laid
    /// out as <see cref="ModelInfo.Tensors"/>. From a callback of
    /// <see cref="Fit(ReadOnlySpan{float}, ReadOnlySpan{float}, FitOptions?)"/> it holds the weights of the steps so far,
    /// on every backend, and what the callback writes into it trains from the next step.</summary>
    public Span<float> Parameters
    {
        get
        {
            // The span may be written after this returns: Fit uploads it before its next step.
            if (_gate.IsHeldByCurrentThread) CalledInsideFit(changesModel: true);
            return _parameters;
        }
    }

    /// <summary>Gradients of the last <see cref="ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{float})"/> or training step, same layout.</summary>
    public ReadOnlySpan<float> Gradients => _gradients;

    /// <summary>When set, training-mode forward passes reuse the dropout masks already drawn instead of
    /// drawing new ones, so a loss can be evaluated twice under the same mask (gradient checks).</summary>
    public bool FreezeDropoutMasks { get; set; }

    /// <summary>Where <see cref="Fit(ReadOnlySpan{float}, ReadOnlySpan{float}, FitOptions?)"/>, <see cref="Evaluate(ReadOnlySpan{float}, ReadOnlySpan{float})"/>,
    /// <see cref="Predict(ReadOnlySpan{float})"/> and the gradient methods run: <see cref="Device.Cpu"/> unless <see cref="UseDevice"/> chose another.</summary>
    public Device Device => _backend.Device;

    // ---- Generated members ------------------------------------------------------------------------

    /// <summary>Fills <see cref="Parameters"/> with each tensor's initializer, in buffer order.</summary>
    protected abstract void InitializeParameters(RandomSource random);

    /// <summary>The model's CPU passes, with a workspace of their own.</summary>
    protected abstract CpuPasses CreateCpuPasses();

    /// <summary>The model's OpenCL program and launch sequences.</summary>
    protected abstract OpenClPasses OpenClPasses { get; }

    // ---- Backend ----------------------------------------------------------------------------------

    /// <summary>
    /// Runs this model on <paramref name="device"/> from now on: <see cref="Device.Cpu"/>, or an OpenCL device
    /// (<see cref="Device.OpenCl()"/>), for which the model's generated OpenCL program is built here, so a driver's
    /// compile error surfaces now. The weights stay in <see cref="Parameters"/> and move with the model; results on
    /// the two backends agree to rounding (dropout masks differ: each backend draws its own).
    /// </summary>
    public void UseDevice(Device device) => UseDeviceTuned(device, tuning: null);

    /// <summary><see cref="UseDevice(Device)"/> with the product kernels built with <paramref name="tuning"/> rather than the
    /// device's own (tests run the GPU tiling on a CPU driver this way).</summary>
    internal void UseDeviceTuned(Device device, ProductTuning? tuning)
    {
        ArgumentNullException.ThrowIfNull(device);
        // Fit's passes, data and optimizer state live on its backend until it returns; switching under it cannot be done
        // on one backend and not the other, so it is refused on both.
        if (_gate.IsHeldByCurrentThread)
            throw new InvalidOperationException(
                $"UseDevice cannot run inside {_gate.ExclusiveOperation} on model '{Name}' (from one of its callbacks): {_gate.ExclusiveOperation} " +
                $"trains on the device it started on ({Device}) until it returns. Call UseDevice before {_gate.ExclusiveOperation} or after it returns.");
        using var entry = _gate.EnterExclusive(nameof(UseDevice));
        if (device == Device && (tuning is null || (_backend as OpenClBackend)?.Tuning == tuning)) return;
        var previous = _backend;
        _backend = device.IsCpu ? new CpuBackend(CreateCpuPasses, this) : new OpenClBackend(device, OpenClPasses, this, tuning);
        previous.Dispose();
    }

    /// <summary>The backend of the current device.</summary>
    internal IModelBackend Backend => _backend;

    // ---- Public API -------------------------------------------------------------------------------

    /// <summary>Trains on <paramref name="x"/> (rows × InputSize) and <paramref name="y"/> (rows × OutputSize,
    /// or one class index per row for sparse categorical cross-entropy).</summary>
    public History Fit(ReadOnlySpan<float> x, ReadOnlySpan<float> y, FitOptions? options = null) =>
        Fit(x, y, labels: default, byLabel: false, options ?? new FitOptions());

    /// <summary>Trains with integer class labels (one per row): one-hot for several outputs, 0/1 for one.</summary>
    public History Fit(ReadOnlySpan<float> x, ReadOnlySpan<int> labels, FitOptions? options = null) =>
        Fit(x, y: default, labels, byLabel: true, options ?? new FitOptions());

    /// <summary>Both Fit overloads: the targets from <paramref name="y"/>, or from <paramref name="labels"/> when
    /// <paramref name="byLabel"/>, then the training loop.</summary>
    private History Fit(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<int> labels, bool byLabel, FitOptions options)
    {
        // [data-parallel] Every error, from the first argument check on, ends a data-parallel job: the other ranks would
        // wait for this one forever (DataParallelTraining.AbortsJob).
        try
        {
            int rows = RowsOf(x, nameof(x));
            var targets = byLabel ? Targets.FromLabels(Info, labels, rows, nameof(labels)) : Targets.FromFloats(Info, y, rows, nameof(y));
            using var entry = _gate.EnterExclusive(nameof(Fit), runsUserCode: true);
            return TrainingLoop.Run(this, x, targets, rows, options);
        }
        catch (Exception e) when (DataParallelTraining.AbortsJob(options, e))
        {
            throw;
        }
    }

    /// <summary>Loss and metrics on <paramref name="x"/> (which, like the targets, must be finite) with targets as in <see cref="Fit(ReadOnlySpan{float}, ReadOnlySpan{float}, FitOptions?)"/>.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int rows = RowsOf(x, nameof(x));
        var targets = Targets.FromFloats(Info, y, rows, nameof(y));
        CheckFinite(targets, Info.OutputSize, nameof(y));
        return EvaluateTargets(x, targets, rows);
    }

    /// <summary>Loss and metrics on <paramref name="x"/> with integer class labels.</summary>
    public Evaluation Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<int> labels)
    {
        int rows = RowsOf(x, nameof(x));
        return EvaluateTargets(x, Targets.FromLabels(Info, labels, rows, nameof(labels)), rows);
    }

    /// <summary>Model outputs, rows × OutputSize (probabilities for softmax / sigmoid outputs); empty for no rows, as in Keras.
    /// A NaN or infinite input is an <see cref="ArgumentException"/> naming its row and column.</summary>
    public float[] Predict(ReadOnlySpan<float> x)
    {
        int rows = RowsOf(x, nameof(x), allowNone: true);
        var result = new float[rows * Info.OutputSize];
        PredictInto(x, result, rows, nameof(Predict));
        return result;
    }

    /// <summary>Writes the outputs for the rows of <paramref name="x"/> into <paramref name="destination"/>
    /// (rows × OutputSize) without allocating. A NaN or infinite input is an <see cref="ArgumentException"/> naming its
    /// row and column, and so are outputs that overflow; <paramref name="destination"/> may then hold the outputs of
    /// some other rows, never a non-finite value.</summary>
    public void Predict(ReadOnlySpan<float> x, Span<float> destination)
    {
        int rows = RowsOf(x, nameof(x), allowNone: true);
        if (destination.Length != rows * Info.OutputSize)
            throw new ArgumentException($"destination holds {destination.Length} values but {rows} rows × {Info.OutputSize} outputs = {rows * Info.OutputSize} are needed.", nameof(destination));
        PredictInto(x, destination, rows, nameof(Predict));
    }

    /// <summary>Predicted class per row: arg-max of several outputs, or output &gt; 0.5 for one.</summary>
    public int[] PredictClasses(ReadOnlySpan<float> x)
    {
        int width = Info.OutputSize, rows = RowsOf(x, nameof(x), allowNone: true);
        var outputs = new float[rows * width];
        PredictInto(x, outputs, rows, nameof(PredictClasses));
        var classes = new int[rows];
        for (int r = 0; r < rows; r++)
            classes[r] = width == 1 ? (outputs[r] > 0.5f ? 1 : 0) : MetricsAccumulator.ArgMax(outputs.AsSpan(r * width, width));
        return classes;
    }

    /// <summary>The Keras-style table of layers, output shapes and parameter counts, with the trainable and non-trainable
    /// counts; when a layer is frozen, a Trainable column marks each layer (Keras's <c>show_trainable</c>).</summary>
    public string Summary() => ModelSummary.Format(Info, Trainability);

    /// <summary>Whether training updates the weights of layer <paramref name="layerName"/> (Keras <c>layer.trainable</c>).</summary>
    /// <exception cref="ArgumentException">The model has no layer of that name (the message lists the names).</exception>
    public bool IsTrainable(string layerName) => Trainability[Trainability.IndexOf(layerName)];

    /// <summary>
    /// Freezes (<paramref name="trainable"/> false) or unfreezes a layer, as Keras's <c>layer.trainable = …</c>: a frozen
    /// layer gets no weight gradients (its entries in <see cref="Gradients"/> read 0) and no optimizer update, on every
    /// backend. The optimizer moments of a layer that becomes trainable start again from zero at its next step. Setting
    /// it on a layer without weights changes nothing that trains.
    /// </summary>
    /// <exception cref="ArgumentException">The model has no layer of that name (the message lists the names).</exception>
    public void SetTrainable(string layerName, bool trainable)
    {
        using var entry = _gate.EnterExclusive(nameof(SetTrainable));
        int layer = Trainability.IndexOf(layerName);
        if (!Trainability.Set(layer, trainable) || trainable) return;
        foreach (var tensor in Info.Layers[layer].Tensors) _gradients.AsSpan(tensor.Offset, tensor.Length).Clear();
    }

    /// <summary>Parameters that the optimizer updates: the weights of the trainable layers (Keras's "Trainable params"); state
    /// such as BatchNormalization's moving statistics is never among them.</summary>
    public int TrainableParameterCount => Trainability.TrainableParameterCount;

    /// <summary>Writes the weights as a safetensors file (one tensor per kernel and bias, and per state tensor such as a
    /// moving mean).</summary>
    /// <exception cref="ArgumentException">The path ends in .onnx, .h5, .keras or .pt (another tool's format); the message
    /// names the call that writes or reads that.</exception>
    public void Save(string path)
    {
        ForeignFormats.CheckSafetensorsPath(path, nameof(path));
        using var entry = _gate.EnterShared(nameof(Save));
        SafeTensors.Write(path, Info.Tensors.ToArray(), _parameters, new Dictionary<string, string>
        {
            ["format"] = "neuraldsl",
            ["model"] = Info.Name,
        });
    }

    /// <summary>Writes the model as an ONNX file (opset 17, IR version 8), atomically, that ONNX Runtime and other ONNX tools
    /// run: its input <c>input</c> is what <see cref="Predict(ReadOnlySpan{float})"/> takes ([N, features], or NHWC images
    /// [N, height, width, channels]), its output <c>output</c> what Predict returns, the last activation applied. Training-only
    /// layers (Dropout, RandomFlip, RandomTranslation) are left out; BatchNormalization uses its moving statistics.</summary>
    /// <exception cref="ArgumentException">The path does not end in .onnx.</exception>
    /// <exception cref="InvalidOperationException">A weight is NaN or infinite (the message names it).</exception>
    public void ExportOnnx(string path)
    {
        ForeignFormats.CheckOnnxPath(path, nameof(path));
        using var entry = _gate.EnterShared(nameof(ExportOnnx));
        Onnx.OnnxExporter.Write(path, Info, _parameters);
    }

    /// <summary>Reads weights saved by <see cref="Save"/>: every tensor, state included, must be present with the same shape and finite
    /// values, and a file whose metadata names another model is refused unless <paramref name="allowOtherModel"/>;
    /// nothing changes unless the whole file matches.</summary>
    public void LoadWeights(string path, bool allowOtherModel = false)
    {
        using var entry = _gate.EnterExclusive(nameof(LoadWeights));
        SafeTensors.ReadWeights(path, Info.Tensors.ToArray(), _parameters, Info.Name, allowOtherModel);
    }

    /// <summary>
    /// Reads weights from any safetensors file: <see cref="WeightMatching.Strict"/> as <see cref="LoadWeights(string, bool)"/>;
    /// <see cref="WeightMatching.ByName"/> fills only the tensors whose names and shapes match (e.g. the reused layers of a
    /// model trained with another head) and leaves the others as they are. The report says which were loaded and which not.
    /// </summary>
    public WeightLoadReport LoadWeights(string path, WeightMatching matching)
    {
        var tensors = Info.Tensors.ToArray();
        switch (matching)
        {
            case WeightMatching.Strict:
                LoadWeights(path);
                return new WeightLoadReport(tensors.Select(t => t.Name).ToArray(), [], []);
            case WeightMatching.ByName:
                using (_gate.EnterExclusive(nameof(LoadWeights)))
                    return SafeTensors.ReadMatching(path, tensors, _parameters);
            default:
                throw new ArgumentOutOfRangeException(nameof(matching), matching, "Use WeightMatching.Strict or WeightMatching.ByName.");
        }
    }

    /// <summary>
    /// Reads weights laid out as <paramref name="layout"/>: <see cref="WeightLayout.Keras"/> as
    /// <see cref="LoadWeights(string, WeightMatching)"/>; <see cref="WeightLayout.PyTorch"/> reads a PyTorch <c>state_dict</c>
    /// saved as safetensors, <c>layer1.0.conv1.weight</c> (OIHW) into <c>layer1_0_conv1/kernel</c> (HWIO) and so on (see
    /// <see cref="WeightLayout.PyTorch"/>). With PyTorch's layout every file tensor that maps onto a model tensor must fit it
    /// in both modes, else nothing is loaded and the error names both tensors and shapes; <see cref="WeightMatching.Strict"/>
    /// moreover needs every model tensor from the file and no file tensor left over but <c>num_batches_tracked</c>. The
    /// report lists what was loaded, not loaded, unused and ignored.
    /// </summary>
    /// <exception cref="InvalidDataException">The file does not match the model as <paramref name="matching"/> requires, or
    /// holds a non-finite value.</exception>
    public WeightLoadReport LoadWeights(string path, WeightMatching matching, WeightLayout layout)
    {
        if (matching is not (WeightMatching.Strict or WeightMatching.ByName))
            throw new ArgumentOutOfRangeException(nameof(matching), matching, "Use WeightMatching.Strict or WeightMatching.ByName.");
        switch (layout)
        {
            case WeightLayout.Keras:
                return LoadWeights(path, matching);
            case WeightLayout.PyTorch:
                var tensors = Info.Tensors.ToArray();
                using (_gate.EnterExclusive(nameof(LoadWeights)))
                    return PyTorchWeights.Read(path, tensors, _parameters, strict: matching == WeightMatching.Strict);
            default:
                throw new ArgumentOutOfRangeException(nameof(layout), layout, "Use WeightLayout.Keras or WeightLayout.PyTorch.");
        }
    }

    /// <summary>Copies the tensors named <paramref name="tensorNames"/> from <paramref name="source"/> into this model (the
    /// generated, typed <c>CopyWeightsFrom</c> of a model that reuses <paramref name="source"/>'s layers calls it); a state
    /// tensor (a moving mean) is copied as a weight is.</summary>
    /// <exception cref="ArgumentException">A name is missing from either model, or its shapes differ.</exception>
    protected void CopyWeightsFrom(SequentialModel source, IReadOnlyList<string> tensorNames)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(tensorNames);
        var from = source.Info.Tensors.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
        var to = Info.Tensors.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
        var pairs = new List<(SafeTensor From, SafeTensor To)>();
        foreach (string name in tensorNames)
        {
            if (!from.TryGetValue(name, out var a) || !to.TryGetValue(name, out var b))
                throw new ArgumentException($"Tensor '{name}' is not in both {source.Name} and {Name}.", nameof(tensorNames));
            if (!a.Shape.AsSpan().SequenceEqual(b.Shape))
                throw new ArgumentException(
                    $"Tensor '{name}' is [{string.Join(", ", a.Shape)}] in {source.Name} but [{string.Join(", ", b.Shape)}] in {Name}.", nameof(tensorNames));
            pairs.Add((a, b));
        }
        using var entry = _gate.EnterExclusive(nameof(CopyWeightsFrom));
        using var reading = source._gate.EnterShared(nameof(CopyWeightsFrom)); // never this model: a model cannot reuse itself (NDSL027)
        foreach (var (a, b) in pairs) source._parameters.AsSpan(a.Offset, a.Length).CopyTo(_parameters.AsSpan(b.Offset, b.Length));
    }

    /// <summary>
    /// One forward (training mode) and backward pass over <paramref name="x"/>: fills <see cref="Gradients"/>
    /// and returns the batch-mean loss plus regularization. The weights are not changed; state that the training pass
    /// writes (moving statistics) stays written, on every backend alike.
    /// </summary>
    public float ComputeGradients(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int rows = RowsOf(x, nameof(x));
        var batch = Batch.InSequence(x, Targets.FromFloats(Info, y, rows, nameof(y)), 0, rows, Info.OutputSize);
        // Exclusive: the training workspace and the gradient buffer are the model's only ones.
        using var entry = _gate.EnterExclusive(nameof(ComputeGradients));
        _backend.Reserve(rows);
        _backend.LoadParameters();
        _backend.Forward(batch, TrainingMode);
        // The state the pass wrote (moving statistics) reaches the host on every backend, as the CPU's passes write it there.
        _backend.StoreState();
        double loss = MetricsAccumulator.MeanLoss(Info.Loss, _backend.ReadOutputs(rows), batch.Targets, rows, _backend.Penalty());
        _backend.Backward(batch);
        _backend.StoreGradients();
        return (float)loss;
    }

    /// <summary>The batch-mean loss plus regularization, in training mode (dropout active, honouring
    /// <see cref="FreezeDropoutMasks"/>) or inference mode.</summary>
    public float ComputeLoss(ReadOnlySpan<float> x, ReadOnlySpan<float> y, bool training)
    {
        int rows = RowsOf(x, nameof(x));
        var batch = Batch.InSequence(x, Targets.FromFloats(Info, y, rows, nameof(y)), 0, rows, Info.OutputSize);
        using var entry = _gate.EnterExclusive(nameof(ComputeLoss));
        _backend.Reserve(rows);
        _backend.LoadParameters();
        _backend.Forward(batch, training ? TrainingMode : PassMode.Inference);
        if (training) _backend.StoreState(); // as in ComputeGradients
        return (float)MetricsAccumulator.MeanLoss(Info.Loss, _backend.ReadOutputs(rows), batch.Targets, rows, _backend.Penalty());
    }

    // ---- Calls from Fit's callbacks ----------------------------------------------------------------

    // Set when a call from a Fit callback may have written the host parameters; the training loop then uploads them
    // before its next step (TakeParameterWrites).
    private bool _parametersWritten;

    /// <summary>A call on Fit's own thread (one of its callbacks) that reads the host parameters, or writes them when
    /// <paramref name="changesModel"/>: within an epoch a device holds newer weights than the host copy, so they are brought
    /// over first (else the call would read, save or train from the epoch's start, or the loop overwrite what it loaded).</summary>
    private void CalledInsideFit(bool changesModel)
    {
        if (_backend.HoldsNewerParameters) _backend.StoreParameters();
        if (changesModel) _parametersWritten = true;
    }

    /// <summary>Whether a callback may have written the host parameters since the last call; clears the mark. The
    /// training loop uploads them (<see cref="IModelBackend.LoadParameters"/>) when it returns true.</summary>
    internal bool TakeParameterWrites()
    {
        bool written = _parametersWritten;
        _parametersWritten = false;
        return written;
    }

    // ---- Shared with the backends and the training loop -------------------------------------------

    internal ArraySegment<float> ParameterBuffer => _parameters;

    internal ArraySegment<float> GradientBuffer => _gradients;

    /// <summary>Which layers train; the passes of both backends and the optimizer step read it.</summary>
    internal LayerTrainability Trainability { get; }

    /// <summary>Random stream for dropout masks.</summary>
    internal RandomSource DropoutRandom { get; }

    /// <summary>Random stream for the training order.</summary>
    internal RandomSource ShuffleRandom { get; }

    /// <summary>The mode of a training forward pass: fresh dropout masks unless <see cref="FreezeDropoutMasks"/>.</summary>
    internal PassMode TrainingMode => FreezeDropoutMasks ? PassMode.TrainingWithFrozenMasks : PassMode.Training;

    private Evaluation EvaluateTargets(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows)
    {
        CheckFinite(x, Info.InputSize, "x");
        var metrics = new MetricsAccumulator(Info);
        using (_gate.EnterShared(nameof(Evaluate))) Accumulate(x, targets, rows, metrics);
        if (!float.IsFinite(metrics.Loss))
        {
            // Name the row whose outputs overflowed (predicting again throws naming it), else the loss alone overflowed.
            PredictInto(x, new float[rows * Info.OutputSize], rows, nameof(Evaluate));
            throw new ArgumentException(
                $"Evaluate: the loss is {metrics.Loss.ToString(CultureInfo.InvariantCulture)} although every output of {Info.Name} is finite: the targets are " +
                "too far from the outputs for the float range (check the targets' scale).",
                "y");
        }
        return metrics.ToEvaluation();
    }

    /// <summary>Sets <paramref name="metrics"/> to the inference-mode loss and metrics of all rows (Evaluate and validation
    /// alike), summed where the inference passes lent to this call run: a device backend is read once, at the end.</summary>
    internal void Accumulate(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, MetricsAccumulator metrics)
    {
        int inputs = Info.InputSize, outputs = Info.OutputSize;
        var backend = _backend;
        var passes = backend.RentInference(Math.Min(rows, backend.InferenceRows));
        try
        {
            int batchRows = passes.Capacity;
            passes.Metrics.Reset();
            for (int start = 0, step = 0; start < rows; start += batchRows, step++)
            {
                int count = Math.Min(batchRows, rows - start);
                passes.Evaluate(x.Slice(start * inputs, count * inputs), targets.Slice(start * outputs, count * outputs), count, step);
            }
            // A non-finite loss is no error here: it shows as the loss, which validation checks.
            passes.Metrics.ReadInto(metrics);
        }
        finally
        {
            backend.ReturnInference(passes);
        }
    }

    private unsafe void PredictInto(ReadOnlySpan<float> x, Span<float> result, int rows, string operation)
    {
        if (rows == 0) return;
        using var entry = _gate.EnterShared(operation);
        var backend = _backend;
        // A full pass or more per part: then each part runs a whole set of passes on a core of its own, with no
        // synchronisation between layers. A row's outputs do not depend on the rows beside it, so neither does the result.
        int parts = Math.Min(backend.InferenceThreads, rows / backend.InferenceRows);
        if (parts < 2)
        {
            PredictRows(backend, x, result, 0, rows, operation);
            return;
        }
        fixed (float* px = x, presult = result)
        {
            var job = new PredictJob { Model = this, Backend = backend, X = px, Result = presult, Rows = rows, Operation = operation };
            Cpu.WorkerPool.Run(ref job, parts);
        }
    }

    /// <summary>Predict over consecutive ranges of rows, one per part.</summary>
    private unsafe struct PredictJob : Cpu.IParallelJob
    {
        public SequentialModel Model;
        public IModelBackend Backend;
        public float* X, Result;
        public int Rows;
        public string Operation;

        public readonly void Run(int part, int parts)
        {
            var (first, end) = Cpu.WorkerPool.PartRange(Rows, part, parts);
            int inputs = Model.Info.InputSize, outputs = Model.Info.OutputSize;
            Model.PredictRows(Backend, new ReadOnlySpan<float>(X + (long)first * inputs, (end - first) * inputs),
                new Span<float>(Result + (long)first * outputs, (end - first) * outputs), first, end - first, Operation);
        }
    }

    /// <summary>Predicts <paramref name="rows"/> rows (the model's rows <paramref name="firstRow"/> on, for error messages)
    /// with one set of passes.</summary>
    private void PredictRows(IModelBackend backend, ReadOnlySpan<float> x, Span<float> result, int firstRow, int rows, string operation)
    {
        int inputs = Info.InputSize, outputs = Info.OutputSize;
        var passes = backend.RentInference(Math.Min(rows, backend.InferenceRows));
        try
        {
            int batchRows = passes.Capacity;
            for (int start = 0; start < rows; start += batchRows)
            {
                int count = Math.Min(batchRows, rows - start);
                var output = result.Slice(start * outputs, count * outputs);
                var input = x.Slice(start * inputs, count * inputs);
                var computed = passes.Forward(input, count);
                // The rows are checked after their pass, which read them from memory while it computed and left them in
                // cache: a check first would read them from memory alone (13 % of a one-thread Predict of 10 000 MNIST rows).
                // A NaN would otherwise come back as NaN outputs (or, through relu, as finite wrong ones) with nothing
                // naming the bad input. Passes run in row order, so the first bad row is named; the outputs of the passes
                // before it are written, this pass's are not.
                CheckFinite(input, inputs, nameof(x), firstRow + start);
                // Finite inputs of huge magnitude can overflow the activations: never hand back a NaN as a prediction.
                if (FiniteCheck.IndexOfNonFinite(computed) is int bad and >= 0)
                    throw NonFiniteOutput(operation, x, firstRow, start + bad / outputs, bad % outputs, computed[bad]);
                computed.CopyTo(output);
            }
        }
        finally
        {
            backend.ReturnInference(passes);
        }
    }

    /// <summary>The error for a row whose outputs are not finite although its inputs (checked before) and the weights are.</summary>
    /// <param name="x">The rows predicted, the first of them the model's row <paramref name="firstRow"/>.</param>
    /// <param name="row">The row within <paramref name="x"/>.</param>
    private ArgumentException NonFiniteOutput(string operation, ReadOnlySpan<float> x, int firstRow, int row, int output, float value)
    {
        float largest = 0;
        foreach (float input in x.Slice(row * Info.InputSize, Info.InputSize)) largest = Math.Max(largest, Math.Abs(input));
        row += firstRow;
        return new ArgumentException(
            $"{operation}: the outputs of row {row} are not finite (output {output} is {value.ToString(CultureInfo.InvariantCulture)}) although its inputs and " +
            $"{Info.Name}'s weights are: the activations overflowed the float range (the row's largest input magnitude is " +
            $"{largest.ToString("G3", CultureInfo.InvariantCulture)}). Scale the inputs as the training data was (to [0, 1], say).",
            "x");
    }

    /// <summary>Makes room for the passes of <see cref="Accumulate"/>, so that validation in Fit allocates nothing.</summary>
    internal void ReserveInference() => _backend.ReturnInference(_backend.RentInference(_backend.InferenceRows));

    /// <summary>Training's check of its inputs (vectorised, so checking every prediction's inputs costs next to nothing),
    /// which names the row and column of a bad value.</summary>
    private static void CheckFinite(ReadOnlySpan<float> values, int width, string name, int firstRow = 0) =>
        TrainingLoop.CheckFinite(values, width, name, firstRow);

    private int RowsOf(ReadOnlySpan<float> x, string name, bool allowNone = false)
    {
        int width = Info.InputSize;
        if (x.Length % width != 0)
            throw new ArgumentException(
                $"{RowsMessage(x.Length, name)}, which is not a whole number of rows ({x.Length} / {width} = {x.Length / (double)width:0.###}).", name);
        if (x.Length == 0 && !allowNone) throw new ArgumentException($"{RowsMessage(x.Length, name)}: it needs at least one row.", name);
        return x.Length / width;
    }

    /// <summary>The start of a row-count error (built only on error: Predict must not allocate).</summary>
    private string RowsMessage(int length, string name)
    {
        int width = Info.InputSize;
        return $"{Info.Name} takes rows of {width} input{(width == 1 ? "" : "s")} ({string.Join("×", Info.InputShape)}), " +
            $"but {name} holds {length} value{(length == 1 ? "" : "s")}";
    }

    private ulong StreamSeed(int stream) => (ulong)(uint)_seed * 0x9E3779B97F4A7C15UL + (ulong)stream;
}
