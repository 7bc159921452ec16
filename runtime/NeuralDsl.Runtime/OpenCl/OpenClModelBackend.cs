namespace NeuralDsl.OpenCl;

/// <summary>
/// A model's state on one OpenCL device: its built program and kernels, the parameter, gradient and scalar
/// buffers, the workspace (grown to the largest batch seen) and the optimizer's moments. The host copy of the
/// parameters stays the reference between calls: every public operation uploads it first, and training
/// downloads the trained values at each epoch's end.
/// </summary>
internal sealed class OpenClModelBackend : IDisposable
{
    private readonly OpenClModelCode _code;
    private readonly OpenClBuffer<float> _parameters, _gradients, _scalars;
    private readonly float[] _scalar = new float[1];
    private readonly int _parameterCount;
    private OpenClBuffer<float>? _workspace;
    private OpenClBuffer<int>? _identity;
    private Optimizer? _optimizerSource;
    private OpenClOptimizer? _optimizer;

    public OpenClModelBackend(Device device, OpenClModelCode code, int parameterCount)
    {
        Device = device;
        _code = code;
        Context = device.OpenClContext;
        Program = Context.GetProgram(code.Source);
        _parameterCount = parameterCount;
        // A model without parameters still binds a (one-float) buffer: kernel arguments cannot be null portably.
        int length = Math.Max(parameterCount, 1);
        var created = new List<IDisposable>();
        try
        {
            Launcher = new OpenClLauncher(Context, Program, code.Kernels);
            created.Add(Launcher);
            _parameters = Context.CreateBuffer<float>(length);
            created.Add(_parameters);
            _gradients = Context.CreateBuffer<float>(length);
            created.Add(_gradients);
            _scalars = Context.CreateBuffer<float>(1);
        }
        catch
        {
            foreach (var item in created) item.Dispose();
            throw;
        }
        _gradients.Fill(0f);
        _scalars.Fill(0f);
    }

    public Device Device { get; }

    public OpenClContext Context { get; }

    /// <summary>The model's built program (its <see cref="OpenClProgram.BuildLog"/> shows the driver's warnings).</summary>
    public OpenClProgram Program { get; }

    public OpenClLauncher Launcher { get; }

    /// <summary>Rows the workspace holds.</summary>
    public int Capacity { get; private set; }

    public void EnsureCapacity(int rows)
    {
        if (rows <= Capacity) return;
        long floats = (long)rows * _code.WorkspaceWidth;
        if (floats > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(rows), rows,
                $"A workspace for {rows} rows of {_code.WorkspaceWidth} floats ({floats} floats) exceeds one device buffer; use a smaller batch size.");
        var workspace = Context.CreateBuffer<float>((int)floats);
        // Zeroed so that a first pass with frozen dropout masks reads defined values.
        workspace.Fill(0f);
        _workspace?.Dispose();
        _workspace = workspace;
        Capacity = rows;
        Launcher.Bind(_parameters, _gradients, workspace, _scalars, rows);
        var gather = Launcher.Kernel(OpenClModelCode.GatherKernel);
        gather.SetArgument(0, workspace).SetArgument(6, rows);
    }

    private OpenClBuffer<float> Workspace => _workspace ?? throw new InvalidOperationException("The OpenCL workspace is not allocated yet.");

    public void UploadParameters(ReadOnlySpan<float> parameters) => _parameters.Write(parameters);

    public void DownloadParameters(Span<float> parameters) => _parameters.Read(parameters);

    public void DownloadGradients(Span<float> gradients) => _gradients.Read(gradients);

    /// <summary>Writes input rows straight into the input slot.</summary>
    public void LoadInput(ReadOnlySpan<float> x) => Workspace.Write(x);

    /// <summary>Writes target rows into the target slot.</summary>
    public void LoadTargets(ReadOnlySpan<float> targets) => Workspace.Write(targets, Capacity * _code.TargetSlot);

    /// <summary>Reads the model output of the last forward pass (rows × OutputSize).</summary>
    public void ReadOutputs(Span<float> destination) => Workspace.Read(destination, Capacity * _code.OutputSlot);

    /// <summary>Copies inputs and targets to the device once, for gathering batches from them.</summary>
    public OpenClDataSet Upload(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows) => new(Context, x, targets, rows);

    /// <summary>Gathers rows <c>order[first .. first + count)</c> of <paramref name="data"/> into the input and target slots.</summary>
    public void Gather(OpenClDataSet data, OpenClBuffer<int> order, int first, int count, int width)
    {
        var kernel = Launcher.Kernel(OpenClModelCode.GatherKernel);
        kernel.SetArgument(1, data.X).SetArgument(2, data.Y).SetArgument(3, order).SetArgument(4, first).SetArgument(5, count).SetArgument(7, data.HasTargets ? 1 : 0);
        Context.Launch2D(kernel, width, count);
    }

    /// <summary>The order 0, 1, 2, … for at least <paramref name="rows"/> rows (validation batches in sequence).</summary>
    public OpenClBuffer<int> Identity(int rows)
    {
        if (_identity is { } known && known.Length >= rows) return known;
        var order = new int[rows];
        for (int i = 0; i < rows; i++) order[i] = i;
        _identity?.Dispose();
        return _identity = Context.CreateBuffer<int>(order);
    }

    /// <summary>The regularization penalty of the parameters on the device (0 without regularizers).</summary>
    public double Penalty()
    {
        if (_code.PenaltyKernel < 0) return 0;
        Launcher.BeginPass(0, 0, 0);
        Launcher.Group(_code.PenaltyKernel, OpenClModelCode.PenaltyGroup);
        _scalars.Read(_scalar);
        return _scalar[0];
    }

    /// <summary>One step of <paramref name="optimizer"/> on the device. Its moments live here, kept while the same
    /// optimizer object trains this model (as Keras keeps them across <c>fit</c> calls) and restarted, with the step
    /// count, when its step count no longer matches (after <see cref="Optimizer.Reset"/> or steps taken on another backend).</summary>
    public void Update(Optimizer optimizer)
    {
        if (_parameterCount == 0)
        {
            optimizer.Iterations++; // as the CPU optimizer counts a step over no parameters
            return;
        }
        if (!ReferenceEquals(optimizer, _optimizerSource) || _optimizer is null)
        {
            _optimizer?.Dispose();
            _optimizer = null;
            _optimizer = new OpenClOptimizer(Context, optimizer, _parameterCount);
            _optimizerSource = optimizer;
        }
        if (_optimizer.Iterations != optimizer.Iterations) _optimizer.Reset();
        _optimizer.Update(_parameters, _gradients);
        optimizer.Iterations = _optimizer.Iterations;
    }

    public void Dispose()
    {
        _optimizer?.Dispose();
        _identity?.Dispose();
        _workspace?.Dispose();
        _scalars.Dispose();
        _gradients.Dispose();
        _parameters.Dispose();
        Launcher.Dispose();
    }
}
