namespace NeuralDsl.OpenCl;

/// <summary>
/// Launches a model's generated kernels; the generated passes call it once per kernel. Every layer kernel takes the
/// same arguments (<see cref="LayerKernelArgument"/>: parameters, gradients, workspace, scalars, rows, capacity, dropout
/// seed, mode): the buffers are bound when the workspace is (re)allocated, and the per-pass values are set only on the
/// kernels whose last value differs, so a launch is one or two driver calls and allocates nothing.
/// </summary>
public sealed class OpenClLauncher : IDisposable
{
    private readonly OpenClContext _context;
    private readonly OpenClKernel[] _kernels;
    private readonly IReadOnlyList<string> _names;
    private readonly int[] _rows, _modes;
    private readonly uint[] _seeds;
    private readonly ProductTuning _tuning;
    private int _passRows, _passMode;
    private uint _passSeed;
    private OpenClBuffer<int>? _metricsCounts;
    private OpenClBuffer<float>? _metricsLosses;

    internal OpenClLauncher(OpenClContext context, OpenClProgram program, IReadOnlyList<string> kernels, ProductTuning tuning)
    {
        _context = context;
        _tuning = tuning;
        _names = kernels;
        _kernels = new OpenClKernel[kernels.Count];
        try
        {
            for (int i = 0; i < kernels.Count; i++) _kernels[i] = program.CreateKernel(kernels[i]);
        }
        catch
        {
            Dispose();
            throw;
        }
        _rows = new int[kernels.Count];
        _modes = new int[kernels.Count];
        _seeds = new uint[kernels.Count];
    }

    /// <summary>The launch index of kernel <paramref name="name"/>.</summary>
    internal int KernelIndex(string name)
    {
        for (int i = 0; i < _names.Count; i++) if (_names[i] == name) return i;
        throw new ArgumentException($"The model's program has no kernel '{name}'; it has {string.Join(", ", _names)}.", nameof(name));
    }

    /// <summary>Which layers train; set by the backend before a backward pass.</summary>
    internal LayerTrainability? Trainability { get; set; }

    /// <summary>Whether layer <paramref name="layer"/> (its index among the model's layers) computes its weight gradients.</summary>
    public bool Trains(int layer) => Trainability is not { } trainability || trainability[layer];

    /// <summary>The first layer that trains (<see cref="int.MaxValue"/> when none does): the backward pass stops below it,
    /// and only the layers above it pass an input gradient down.</summary>
    public int FirstTrainableLayer => Trainability?.FirstTrainableLayer ?? 0;

    /// <summary>Binds the model's buffers to every kernel: the layer kernels' <see cref="LayerKernelArgument"/>s and the
    /// gather kernel's workspace and capacity.</summary>
    internal void Bind(OpenClBuffer<float> parameters, OpenClBuffer<float> gradients, OpenClBuffer<float> workspace, OpenClBuffer<float> scalars, int capacity)
    {
        for (int i = 0; i < _kernels.Length; i++)
        {
            var kernel = _kernels[i];
            if (i == OpenClAbi.GatherKernel)
            {
                kernel.SetArgument((int)GatherKernelArgument.Workspace, workspace).SetArgument((int)GatherKernelArgument.Capacity, capacity);
                continue;
            }
            kernel.SetArgument((int)LayerKernelArgument.Parameters, parameters)
                .SetArgument((int)LayerKernelArgument.Gradients, gradients)
                .SetArgument((int)LayerKernelArgument.Workspace, workspace)
                .SetArgument((int)LayerKernelArgument.Scalars, scalars)
                .SetArgument((int)LayerKernelArgument.Rows, 0)
                .SetArgument((int)LayerKernelArgument.Capacity, capacity)
                .SetArgument((int)LayerKernelArgument.Seed, 0)
                .SetArgument((int)LayerKernelArgument.Mode, (int)PassMode.Inference);
            _rows[i] = _modes[i] = 0;
            _seeds[i] = 0;
        }
    }

    /// <summary>Sets the batch size, dropout seed and mode for the launches that follow.</summary>
    internal void BeginPass(int rows, PassMode mode, uint seed)
    {
        _passRows = rows;
        _passMode = (int)mode;
        _passSeed = seed;
    }

    /// <summary>Gathers rows <c>order[first .. first + count)</c> of <paramref name="data"/> into the input and target slots,
    /// over <paramref name="width"/> (the wider of the input and target rows) × <paramref name="count"/> work-items.</summary>
    internal void Gather(OpenClDataSet data, int first, int count, int width)
    {
        var kernel = _kernels[OpenClAbi.GatherKernel];
        kernel.SetArgument((int)GatherKernelArgument.DataInputs, data.X)
            .SetArgument((int)GatherKernelArgument.DataTargets, data.Y)
            .SetArgument((int)GatherKernelArgument.Order, data.Order)
            .SetArgument((int)GatherKernelArgument.First, first)
            .SetArgument((int)GatherKernelArgument.Rows, count);
        _context.Launch2D(kernel, width, count);
    }

    /// <summary>Launches product kernel <paramref name="kernel"/> over an output of <paramref name="outputRows"/> ×
    /// <paramref name="outputColumns"/>: one work-group per tile of the program's <see cref="ProductTuning"/>.</summary>
    public void Product(int kernel, int outputRows, int outputColumns) =>
        _context.Launch2D(Prepare(kernel),
            Tiles(outputColumns, _tuning.TileColumns) * _tuning.GroupColumns, Tiles(outputRows, _tuning.TileRows) * _tuning.GroupRows,
            _tuning.GroupColumns, _tuning.GroupRows);

    private static int Tiles(int size, int tile) => (size + tile - 1) / tile;

    /// <summary>Launches kernel <paramref name="kernel"/> with one work-item per element of <paramref name="count"/>.</summary>
    public void Each(int kernel, int count) => _context.Launch1D(Prepare(kernel), count);

    /// <summary>Launches batch-metrics kernel <paramref name="kernel"/> over the current pass's batch: its sums are
    /// <paramref name="counts"/> and <paramref name="losses"/> (bound only when they change), its loss goes to <paramref name="slot"/>.</summary>
    internal void Metrics(int kernel, OpenClBuffer<int> counts, OpenClBuffer<float> losses, int slot)
    {
        var k = Prepare(kernel);
        if (!ReferenceEquals(counts, _metricsCounts))
        {
            k.SetArgument((int)MetricsKernelArgument.Counts, counts);
            _metricsCounts = counts;
        }
        if (!ReferenceEquals(losses, _metricsLosses))
        {
            k.SetArgument((int)MetricsKernelArgument.Losses, losses);
            _metricsLosses = losses;
        }
        k.SetArgument((int)MetricsKernelArgument.Slot, slot);
        _context.Launch1D(k, OpenClAbi.MetricsGroupSize, OpenClAbi.MetricsGroupSize);
    }

    /// <summary>Launches kernel <paramref name="kernel"/> as one work-group of <paramref name="size"/> work-items.</summary>
    internal void Group(int kernel, int size) => _context.Launch1D(Prepare(kernel), size, size);

    private OpenClKernel Prepare(int index)
    {
        if ((uint)index >= (uint)_kernels.Length || index == OpenClAbi.GatherKernel)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The model's program has layer kernels 1 .. {_kernels.Length - 1}.");
        var k = _kernels[index];
        if (_rows[index] != _passRows) { k.SetArgument((int)LayerKernelArgument.Rows, _passRows); _rows[index] = _passRows; }
        if (_modes[index] != _passMode) { k.SetArgument((int)LayerKernelArgument.Mode, _passMode); _modes[index] = _passMode; }
        if (_seeds[index] != _passSeed) { k.SetArgument((int)LayerKernelArgument.Seed, unchecked((int)_passSeed)); _seeds[index] = _passSeed; }
        return k;
    }

    public void Dispose()
    {
        foreach (var kernel in _kernels) kernel?.Dispose();
    }
}
