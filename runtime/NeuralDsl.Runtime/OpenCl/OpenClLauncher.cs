namespace NeuralDsl.OpenCl;

/// <summary>
/// Launches a model's generated kernels; the generated <c>OpenClForward</c> and <c>OpenClBackward</c> call it once per
/// kernel. Every layer kernel takes the same arguments (parameters, gradients, workspace, scalars, rows, capacity,
/// dropout seed, mode): the buffers are bound when the workspace is (re)allocated, and the per-pass values are set
/// only on the kernels whose last value differs, so a launch is one or two driver calls and allocates nothing.
/// </summary>
public sealed class OpenClLauncher : IDisposable
{
    private const int RowsArgument = 4, CapacityArgument = 5, SeedArgument = 6, ModeArgument = 7;

    private readonly OpenClContext _context;
    private readonly OpenClKernel[] _kernels;
    private readonly int[] _rows, _modes;
    private readonly uint[] _seeds;
    private int _passRows, _passMode;
    private uint _passSeed;

    internal OpenClLauncher(OpenClContext context, OpenClProgram program, IReadOnlyList<string> kernels)
    {
        _context = context;
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

    internal OpenClKernel Kernel(int index) => _kernels[index];

    /// <summary>Binds the model's buffers to every layer kernel (all but the gather kernel).</summary>
    internal void Bind(OpenClBuffer<float> parameters, OpenClBuffer<float> gradients, OpenClBuffer<float> workspace, OpenClBuffer<float> scalars, int capacity)
    {
        for (int i = 0; i < _kernels.Length; i++)
        {
            if (i == OpenClModelCode.GatherKernel) continue;
            _kernels[i].SetArgument(0, parameters).SetArgument(1, gradients).SetArgument(2, workspace).SetArgument(3, scalars)
                .SetArgument(RowsArgument, 0).SetArgument(CapacityArgument, capacity).SetArgument(SeedArgument, 0).SetArgument(ModeArgument, 0);
            _rows[i] = _modes[i] = 0;
            _seeds[i] = 0;
        }
    }

    /// <summary>Sets the batch size, dropout seed and mode (0 inference, 1 training, 2 training with the last masks)
    /// for the launches that follow.</summary>
    internal void BeginPass(int rows, int mode, uint seed)
    {
        _passRows = rows;
        _passMode = mode;
        _passSeed = seed;
    }

    /// <summary>Launches tiled-product kernel <paramref name="kernel"/> over an output of <paramref name="outputRows"/> ×
    /// <paramref name="outputColumns"/> in 16 × 16 work-groups.</summary>
    public void Tiled(int kernel, int outputRows, int outputColumns)
    {
        var k = Prepare(kernel);
        _context.Launch2D(k, outputColumns, outputRows, OpenClModelCode.Tile, OpenClModelCode.Tile);
    }

    /// <summary>Launches kernel <paramref name="kernel"/> with one work-item per element of <paramref name="count"/>.</summary>
    public void Each(int kernel, int count)
    {
        var k = Prepare(kernel);
        _context.Launch1D(k, count);
    }

    /// <summary>Launches kernel <paramref name="kernel"/> as one work-group of <paramref name="size"/> work-items.</summary>
    internal void Group(int kernel, int size)
    {
        var k = Prepare(kernel);
        _context.Launch1D(k, size, size);
    }

    private OpenClKernel Prepare(int index)
    {
        if ((uint)index >= (uint)_kernels.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The model's program has {_kernels.Length} kernels.");
        var k = _kernels[index];
        if (_rows[index] != _passRows) { k.SetArgument(RowsArgument, _passRows); _rows[index] = _passRows; }
        if (_modes[index] != _passMode) { k.SetArgument(ModeArgument, _passMode); _modes[index] = _passMode; }
        if (_seeds[index] != _passSeed) { k.SetArgument(SeedArgument, unchecked((int)_passSeed)); _seeds[index] = _passSeed; }
        return k;
    }

    public void Dispose()
    {
        foreach (var kernel in _kernels) kernel?.Dispose();
    }
}
