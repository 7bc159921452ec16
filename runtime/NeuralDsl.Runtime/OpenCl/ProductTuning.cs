using System.Globalization;

namespace NeuralDsl.OpenCl;

/// <summary>
/// How the generated product kernels (Dense and Conv2D forward and gradients) tile their work on one device, in the
/// manner of CLBlast's kernel parameters: a work-group computes <see cref="TileRows"/> × <see cref="TileColumns"/>
/// outputs and each work-item a <see cref="BlockRows"/> × <see cref="BlockColumns"/> block of them in registers, either
/// from local-memory tiles <see cref="TileDepth"/> reduction steps deep (<see cref="LocalTiles"/>, for GPUs) or straight
/// from global memory with contiguous columns the compiler vectorises (for CPUs). The program is built with these as
/// <c>-D</c> options (<see cref="BuildOptions"/>; the macro names are <see cref="ProductMacros"/>), so one generated
/// source serves every device. <see cref="For"/> picks them from the device's properties;
/// <see cref="EnvironmentVariable"/> overrides that, to tune a new device.
/// </summary>
public sealed record ProductTuning
{
    /// <summary>The variable that overrides <see cref="For"/>: <c>local=1,tile=64x64x16,block=4x4</c> (see <see cref="Parse"/>).</summary>
    public const string EnvironmentVariable = "NEURALDSL_OPENCL_PRODUCT";

    /// <summary>Validates the sizes: all positive, each tile a whole number of blocks.</summary>
    public ProductTuning(bool localTiles, int tileRows, int tileColumns, int tileDepth, int blockRows, int blockColumns)
    {
        foreach (var (name, value) in new[] { ("tile rows", tileRows), ("tile columns", tileColumns), ("tile depth", tileDepth), ("block rows", blockRows), ("block columns", blockColumns) })
            if (value <= 0)
                throw new ArgumentOutOfRangeException(name, value, $"The product tuning's {name} must be positive.");
        if (tileRows % blockRows != 0 || tileColumns % blockColumns != 0)
            throw new ArgumentException(
                $"A product tile of {tileRows} x {tileColumns} is not a whole number of {blockRows} x {blockColumns} blocks.");
        LocalTiles = localTiles;
        TileRows = tileRows;
        TileColumns = tileColumns;
        TileDepth = tileDepth;
        BlockRows = blockRows;
        BlockColumns = blockColumns;
    }

    /// <summary>Stage operand tiles in local memory (GPUs) rather than read them from global memory (CPUs).</summary>
    public bool LocalTiles { get; }

    /// <summary>Output rows a work-group computes.</summary>
    public int TileRows { get; }

    /// <summary>Output columns a work-group computes.</summary>
    public int TileColumns { get; }

    /// <summary>Reduction steps a local tile holds (used with <see cref="LocalTiles"/> only).</summary>
    public int TileDepth { get; }

    /// <summary>Output rows a work-item computes.</summary>
    public int BlockRows { get; }

    /// <summary>Output columns a work-item computes.</summary>
    public int BlockColumns { get; }

    /// <summary>Work-items across a work-group (OpenCL dimension 0, the output columns).</summary>
    public int GroupColumns => TileColumns / BlockColumns;

    /// <summary>Work-items down a work-group (dimension 1, the output rows).</summary>
    public int GroupRows => TileRows / BlockRows;

    /// <summary>Work-items in a work-group.</summary>
    public int GroupSize => GroupColumns * GroupRows;

    /// <summary>Bytes of local memory a work-group of a product kernel uses.</summary>
    public int LocalMemoryBytes => LocalTiles ? TileDepth * (TileRows + ProductMacros.LeftTilePadding + TileColumns) * sizeof(float) : 0;

    /// <summary>The <c>-D</c> options the generated program is built with.</summary>
    public string BuildOptions => string.Create(CultureInfo.InvariantCulture,
        $"-D {ProductMacros.LocalTiles}={(LocalTiles ? 1 : 0)} -D {ProductMacros.TileRows}={TileRows} -D {ProductMacros.TileColumns}={TileColumns} " +
        $"-D {ProductMacros.TileDepth}={TileDepth} -D {ProductMacros.BlockRows}={BlockRows} -D {ProductMacros.BlockColumns}={BlockColumns}");

    /// <summary>
    /// The tuning for <paramref name="device"/>, from a small table: CPUs read from global memory with blocks of 8 rows ×
    /// two of the device's float vectors (8 × 16 with AVX2: 56.7 GFLOP/s on PoCL here at 1024³), 8 × 8
    /// work-items a group; GPUs and other devices use local
    /// tiles of 64 × 64 outputs, 16 deep, 4 × 4 a work-item (256 work-items), shrunk to the device's work-group and
    /// local-memory limits. <see cref="EnvironmentVariable"/>, when set, wins.
    /// </summary>
    public static ProductTuning For(OpenClDeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } text) return Parse(text);
        if ((device.Type & OpenClDeviceType.Cpu) != 0)
        {
            int columns = 2 * Math.Clamp(device.PreferredFloatVectorWidth, 1, 16);
            return Fit(new ProductTuning(localTiles: false, tileRows: 8 * 8, tileColumns: columns * 8, tileDepth: 1, blockRows: 8, blockColumns: columns), device);
        }
        return Fit(new ProductTuning(localTiles: true, tileRows: 64, tileColumns: 64, tileDepth: 16, blockRows: 4, blockColumns: 4), device);
    }

    /// <summary>Halves the work-group (then the tile depth) until it fits the device's limits.</summary>
    private static ProductTuning Fit(ProductTuning tuning, OpenClDeviceInfo device)
    {
        while (tuning.GroupSize > device.MaxWorkGroupSize || tuning.LocalMemoryBytes > device.LocalMemoryBytes)
        {
            if (tuning.GroupSize == 1 && tuning.TileDepth == 1)
                throw new NotSupportedException(
                    $"The OpenCL device {device.Name} allows work-groups of {device.MaxWorkGroupSize} and {device.LocalMemoryBytes} bytes of local memory, too little for a product kernel.");
            tuning = tuning.GroupSize > 1
                ? tuning.GroupRows >= tuning.GroupColumns
                    ? new ProductTuning(tuning.LocalTiles, tuning.TileRows / 2, tuning.TileColumns, tuning.TileDepth, tuning.BlockRows, tuning.BlockColumns)
                    : new ProductTuning(tuning.LocalTiles, tuning.TileRows, tuning.TileColumns / 2, tuning.TileDepth, tuning.BlockRows, tuning.BlockColumns)
                : new ProductTuning(tuning.LocalTiles, tuning.TileRows, tuning.TileColumns, tuning.TileDepth / 2, tuning.BlockRows, tuning.BlockColumns);
        }
        return tuning;
    }

    /// <summary>
    /// Reads <c>local=0|1,tile=MxN[xK],block=MxN</c> (any order, all three required; K defaults to 1), e.g.
    /// <c>local=1,tile=64x64x16,block=4x4</c> or <c>local=0,tile=32x128,block=4x16</c>.
    /// </summary>
    public static ProductTuning Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        bool? local = null;
        int[]? tile = null, block = null;
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string key = equals < 0 ? part : part[..equals].Trim(), value = equals < 0 ? "" : part[(equals + 1)..].Trim();
            switch (key.ToLowerInvariant())
            {
                case "local" when value is "0" or "1": local = value == "1"; break;
                case "tile": tile = Sizes(text, value, 2, 3); break;
                case "block": block = Sizes(text, value, 2, 2); break;
                default: throw Invalid(text, $"'{part}' is not local=0|1, tile=MxN[xK] or block=MxN");
            }
        }
        if (local is null || tile is null || block is null) throw Invalid(text, "local, tile and block are all required");
        try
        {
            return new ProductTuning(local.Value, tile[0], tile[1], tile.Length > 2 ? tile[2] : 1, block[0], block[1]);
        }
        catch (ArgumentException e)
        {
            throw Invalid(text, e.Message);
        }
    }

    private static int[] Sizes(string text, string value, int min, int max)
    {
        string[] parts = value.Split('x', StringSplitOptions.TrimEntries);
        if (parts.Length < min || parts.Length > max) throw Invalid(text, $"'{value}' needs {min}{(max > min ? " or " + max : "")} sizes joined by x");
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] <= 0)
                throw Invalid(text, $"'{parts[i]}' in '{value}' is not a positive whole number");
        return sizes;
    }

    private static ArgumentException Invalid(string text, string why) =>
        new($"Invalid product tuning \"{text}\" ({EnvironmentVariable}): {why}. Example: local=1,tile=64x64x16,block=4x4.", nameof(text));

    /// <summary>e.g. <c>local=1,tile=64x64x16,block=4x4</c>, the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"local={(LocalTiles ? 1 : 0)},tile={TileRows}x{TileColumns}x{TileDepth},block={BlockRows}x{BlockColumns}");
}
