using System.Numerics;
using NeuralDsl.Cpu;

namespace NeuralDsl.OpenCl;

/// <summary>
/// Runs a model's generated OpenCL passes on one device: its built program and kernels, the parameter, gradient and
/// scalar buffers, the workspace (grown to the largest batch seen), the optimizer's moments and, during <c>Fit</c>,
/// the training set. The host copy of the parameters stays the reference between calls: each call loads it first,
/// and training stores the trained values back at each epoch's end. The device is one in-order queue with one workspace,
/// so inference calls from several threads take turns on it (<see cref="RentInference"/> holds the device for a call's
/// passes): a call never sees another's rows, and the workspace is never replaced under a pass that uses it.
/// <para>
/// A training step (gather, forward, batch metrics, backward, optimizer) only enqueues kernels: its loss and metrics are
/// summed on the device (<see cref="OpenClBatchMetrics"/>), the batch-metrics kernel also writes dL/d(output), and nothing
/// is read back until the loop asks for the sums. Blocking transfers happen once per epoch (the order, the parameters)
/// and for host rows (validation, Evaluate and Predict upload their inputs; Predict reads its outputs).
/// </para>
/// </summary>
internal sealed class OpenClBackend : IModelBackend, IOptimizerStateHolder
{
    private readonly OpenClPasses _passes;
    private readonly ArraySegment<float> _hostParameters, _hostGradients;
    private readonly RandomSource _dropoutRandom;
    private readonly ModelInfo _info;
    private readonly int _inputs, _outputs;
    private readonly OpenClBuffer<float> _parameters, _gradients, _scalars;
    private readonly float[] _scalar = new float[OpenClAbi.ScalarCount];
    private OpenClBuffer<float>? _workspace;
    private float[] _outputRows = [];
    private OpenClDataSet? _trainingSet;
    private Optimizer? _optimizerSource;
    private OpenClOptimizer? _optimizer;
    private readonly Lock _device = new();
    private readonly DeviceInference _inference;
    // Set by a training step, cleared when the host copy is loaded or stored: between the two the device holds newer
    // weights than the host (within an epoch of Fit), and inference from a Fit callback must use them, not roll them back.
    private bool _deviceAhead;
    private readonly LayerTrainability _trainability;
    private int _trainabilityVersion;
    // The mode of the last forward pass, and whether the batch metrics have written its output gradient since (else the
    // backward pass launches the loss-gradient kernel itself).
    private PassMode _passMode;
    private bool _outputGradientWritten;
    private readonly OpenClBatchMetrics _inferenceMetrics;

    /// <summary>Builds the model's program for <paramref name="device"/> with its product tuning (or
    /// <paramref name="tuning"/>, which tests use to run the GPU tiling on a CPU driver).</summary>
    public OpenClBackend(Device device, OpenClPasses passes, SequentialModel model, ProductTuning? tuning = null)
    {
        Device = device;
        _passes = passes;
        _hostParameters = model.ParameterBuffer;
        _hostGradients = model.GradientBuffer;
        _dropoutRandom = model.DropoutRandom;
        _info = model.Info;
        _inputs = model.Info.InputSize;
        _outputs = model.Info.OutputSize;
        _trainability = model.Trainability;
        _trainabilityVersion = _trainability.Version;
        Context = device.OpenClContext;
        Tuning = tuning ?? Context.ProductTuning;
        long rowBytes = (long)Math.Max(passes.WorkspaceWidth, 1) * sizeof(float);
        InferenceRows = (int)Math.Min(Math.Clamp((64L << 20) / rowBytes, 256, 4096), Math.Max(Context.DeviceInfo.MaxAllocationBytes / rowBytes, 1));
        Program = Context.GetProgram(passes.Source, OpenClContext.DefaultBuildOptions + " " + Tuning.BuildOptions);
        // A model without parameters still binds a (one-float) buffer: kernel arguments cannot be null portably.
        int length = Math.Max(_hostParameters.Count, 1);
        var created = new List<IDisposable>();
        try
        {
            Launcher = new OpenClLauncher(Context, Program, passes.Kernels, Tuning) { Trainability = _trainability };
            created.Add(Launcher);
            _parameters = Context.CreateBuffer<float>(length);
            created.Add(_parameters);
            _gradients = Context.CreateBuffer<float>(length);
            created.Add(_gradients);
            _scalars = Context.CreateBuffer<float>(OpenClAbi.ScalarCount);
            created.Add(_scalars);
            // Validation and Evaluate: read once per call, so a few slots do (more batches read early, not wrongly).
            _inferenceMetrics = new OpenClBatchMetrics(this, _info, slots: 64);
        }
        catch
        {
            foreach (var item in created) item.Dispose();
            throw;
        }
        _gradients.Fill(0f);
        _scalars.Fill(0f);
        _inference = new DeviceInference(this);
    }

    public Device Device { get; }

    public OpenClContext Context { get; }

    /// <summary>The tiling the program's product kernels were built with.</summary>
    public ProductTuning Tuning { get; }

    /// <summary>The model's built program (its <see cref="OpenClProgram.BuildLog"/> shows the driver's warnings).</summary>
    public OpenClProgram Program { get; }

    public OpenClLauncher Launcher { get; }

    public int Capacity { get; private set; }

    /// <summary>As many rows as a 64 MiB workspace holds, from 256 up to 4 096 (and within the device's largest
    /// buffer): Predict over many rows then waits for the device up to 16 times less often (the tutorial MLP: 4 096).</summary>
    public int InferenceRows { get; }

    public int InferenceThreads => 1;

    public IInferencePasses RentInference(int rows)
    {
        // Released by ReturnInference on this thread. Lock is reentrant, as a Fit callback that predicts needs.
        _device.Enter();
        try
        {
            // Powers of two, so that callers with ever larger batches regrow the device buffer a few times only.
            Reserve(rows > 1 << 30 ? rows : (int)BitOperations.RoundUpToPowerOf2((uint)rows));
            if (!_deviceAhead) LoadParameters();
            return _inference;
        }
        catch
        {
            _device.Exit();
            throw;
        }
    }

    public void ReturnInference(IInferencePasses passes) => _device.Exit();

    public void Reserve(int rows)
    {
        if (rows <= Capacity) return;
        long floats = (long)rows * _passes.WorkspaceWidth;
        if (floats > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(rows), rows,
                $"A workspace for {rows} rows of {_passes.WorkspaceWidth} floats ({floats} floats) exceeds one device buffer; use a smaller batch size.");
        var workspace = Context.CreateBuffer<float>((int)floats);
        // Zeroed so that a first pass with frozen dropout masks reads defined values.
        workspace.Fill(0f);
        _workspace?.Dispose();
        _workspace = workspace;
        _outputRows = new float[rows * _outputs];
        Capacity = rows;
        Launcher.Bind(_parameters, _gradients, workspace, _scalars, rows);
    }

    private OpenClBuffer<float> Workspace => _workspace ?? throw new InvalidOperationException("The OpenCL workspace is not allocated yet.");

    public void LoadParameters()
    {
        _parameters.Write(_hostParameters);
        _deviceAhead = false;
    }

    public void StoreParameters()
    {
        _parameters.Read(_hostParameters);
        _deviceAhead = false;
    }

    public bool HoldsNewerParameters => _deviceAhead;

    /// <summary>One blocking read per state range (a BatchNormalization layer's moving statistics are one): a few small reads.</summary>
    public void StoreState()
    {
        foreach (var (range, _) in _trainability.StateRanges)
            _parameters.Read(_hostParameters.AsSpan(range.Start, range.Length), range.Start);
    }

    public void LoadState()
    {
        foreach (var (range, _) in _trainability.StateRanges)
            _parameters.Write(_hostParameters.AsSpan(range.Start, range.Length), range.Start);
    }

    public void StoreGradients() => _gradients.Read(_hostGradients);

    public void LoadGradients() => _gradients.Write(_hostGradients);

    /// <summary>Uploads the training set once; training batches are then gathered on the device. (A Fit started from a
    /// callback of another keeps its own set and gives the outer one back when it ends.)</summary>
    public IDisposable BeginFit(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows)
    {
        var set = new OpenClDataSet(Context, x, targets, rows);
        var scope = new FitScope(this, set, _trainingSet);
        _trainingSet = set;
        return scope;
    }

    public void BeginEpoch(ReadOnlySpan<int> order) => TrainingSet.Order.Write(order);

    private OpenClDataSet TrainingSet => _trainingSet ?? throw new InvalidOperationException("Training batches need BeginFit first.");

    public void Forward(in Batch batch, PassMode mode)
    {
        int rows = batch.Count;
        if (!batch.Order.IsEmpty)
            Launcher.Gather(TrainingSet, batch.Start, rows, Math.Max(_inputs, _outputs));
        else
        {
            Workspace.Write(batch.X.Slice(batch.Start * _inputs, rows * _inputs), Capacity * OpenClAbi.InputSlot);
            if (mode != PassMode.Inference && !batch.Targets.IsEmpty) Workspace.Write(batch.Targets, Capacity * _passes.TargetSlot);
        }
        RunForward(rows, mode);
    }

    /// <summary>Enqueues the forward pass over the rows already in the input slot.</summary>
    private void RunForward(int rows, PassMode mode)
    {
        // One draw per training pass seeds every dropout mask of the pass (counter-based on the device).
        uint seed = mode == PassMode.Training ? (uint)_dropoutRandom.NextUInt64() : 0;
        Launcher.BeginPass(rows, mode, seed);
        _passes.Forward(Launcher, rows);
        _passMode = mode;
        _outputGradientWritten = false;
    }

    public ReadOnlySpan<float> ReadOutputs(int rows)
    {
        var output = _outputRows.AsSpan(0, rows * _outputs);
        Workspace.Read(output, Capacity * _passes.OutputSlot);
        return output;
    }

    public IBatchMetrics CreateTrainingMetrics(int steps) => new OpenClBatchMetrics(this, _info, steps);

    /// <summary>Enqueues the batch-metrics kernel over the last forward pass's batch (<see cref="OpenClBatchMetrics"/>).</summary>
    internal void AddMetrics(OpenClBuffer<int> counts, OpenClBuffer<float> losses, int slot)
    {
        Launcher.Metrics(_passes.MetricsKernel, counts, losses, slot);
        // After a training pass the kernel wrote dL/d(output) as well.
        _outputGradientWritten = _passMode != PassMode.Inference;
    }

    public void Backward(in Batch batch)
    {
        // A layer frozen since the last pass keeps its old gradients on the device: clear them, so they read 0 as on the host.
        if (_trainabilityVersion != _trainability.Version)
        {
            _gradients.Fill(0f);
            _trainabilityVersion = _trainability.Version;
        }
        Launcher.BeginPass(batch.Count, PassMode.Training, 0);
        if (!_outputGradientWritten && _passes.LossGradientKernel >= 0)
            Launcher.Each(_passes.LossGradientKernel, batch.Count * _outputs);
        _passes.Backward(Launcher, batch.Count);
    }

    public double Penalty()
    {
        if (_passes.PenaltyKernel < 0) return 0;
        Launcher.BeginPass(0, PassMode.Inference, 0);
        Launcher.Group(_passes.PenaltyKernel, OpenClAbi.PenaltyGroupSize);
        _scalars.Read(_scalar);
        return _scalar[OpenClAbi.PenaltyScalar];
    }

    /// <summary>One step of <paramref name="optimizer"/> on the device. Its moments live here while it steps this model
    /// (as Keras keeps them across <c>fit</c> calls): taken over from the optimizer's host state at its first step here, and
    /// given back when another optimizer steps this model (a Fit inside a Fit's callback, say), when the optimizer steps
    /// elsewhere, or when the backend is disposed. So an optimizer continues where it stopped on any backend.</summary>
    public void Update(Optimizer optimizer)
    {
        if (_hostParameters.Count == 0)
        {
            optimizer.Iterations++; // as the CPU optimizer counts a step over no parameters
            return;
        }
        if (optimizer.Holder != this || !ReferenceEquals(optimizer, _optimizerSource)) Hold(optimizer);
        _optimizer!.Update(_parameters, _gradients, _trainability.Ranges);
        _deviceAhead = true;
        optimizer.Iterations = _optimizer.Iterations;
    }

    /// <summary>Takes over <paramref name="optimizer"/>'s state, after the optimizer held so far (if any) was given back.</summary>
    private void Hold(Optimizer optimizer)
    {
        optimizer.Holder?.Release(optimizer);
        if (_optimizerSource is { } previous) Release(previous);
        if (!ReferenceEquals(optimizer, _optimizerSource) || _optimizer is null)
        {
            _optimizer?.Dispose();
            _optimizer = null;
            _optimizerSource = null;
            _optimizer = new OpenClOptimizer(Context, optimizer, _hostParameters.Count);
            _optimizerSource = optimizer;
        }
        _optimizer.Load();
        optimizer.Holder = this;
    }

    /// <summary>Gives <paramref name="optimizer"/>'s state back to its host buffers, if this backend holds it.</summary>
    public void Release(Optimizer optimizer)
    {
        if (optimizer.Holder != this) return;
        optimizer.Holder = null;
        if (ReferenceEquals(optimizer, _optimizerSource)) _optimizer?.Store();
    }

    public void Dispose()
    {
        _trainingSet?.Dispose();
        try
        {
            if (_optimizerSource is { } optimizer) Release(optimizer); // its moments go on from the host (or another backend)
        }
        finally
        {
            _optimizer?.Dispose();
        }
        _inferenceMetrics.Dispose();
        _workspace?.Dispose();
        _scalars.Dispose();
        _gradients.Dispose();
        _parameters.Dispose();
        Launcher.Dispose();
    }

    /// <summary>The inference passes lent by <see cref="RentInference"/>: the backend's own, while the renter holds the device.</summary>
    private sealed class DeviceInference(OpenClBackend backend) : IInferencePasses
    {
        public int Capacity => backend.Capacity;

        public IBatchMetrics Metrics => backend._inferenceMetrics;

        public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int rows)
        {
            backend.Workspace.Write(x[..(rows * backend._inputs)], backend.Capacity * OpenClAbi.InputSlot);
            backend.RunForward(rows, PassMode.Inference);
            return backend.ReadOutputs(rows);
        }

        public void Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, int step)
        {
            var workspace = backend.Workspace;
            workspace.Write(x[..(rows * backend._inputs)], backend.Capacity * OpenClAbi.InputSlot);
            workspace.Write(targets[..(rows * backend._outputs)], backend.Capacity * backend._passes.TargetSlot);
            backend.RunForward(rows, PassMode.Inference);
            backend._inferenceMetrics.Add(new Batch(x, default, 0, rows, targets), step);
        }
    }

    /// <summary>Releases the training set at the end of a <c>Fit</c> and restores the set of the Fit around it, if any.</summary>
    private sealed class FitScope(OpenClBackend backend, OpenClDataSet set, OpenClDataSet? outer) : IDisposable
    {
        public void Dispose()
        {
            if (ReferenceEquals(backend._trainingSet, set)) backend._trainingSet = outer;
            set.Dispose();
            // The host copy is the reference once Fit ends, also when it ends mid-epoch (divergence restores the host copy).
            backend._deviceAhead = false;
        }
    }
}
