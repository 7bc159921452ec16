// The generator compiles this file too (linked): the product kernels it writes read these macros, and the runtime's
// ProductTuning defines them as build options, so both name them here.
namespace NeuralDsl.OpenCl;

/// <summary>
/// The tuning parameters of the generated product kernels (Dense and Conv2D forward and gradients), in the manner of
/// CLBlast's kernel parameters: the program's source is the same on every device and the runtime builds it with
/// <c>-D</c> options chosen for the device (<c>ProductTuning</c>). A work-group computes a
/// <see cref="TileRows"/> × <see cref="TileColumns"/> tile of the product and each work-item a
/// <see cref="BlockRows"/> × <see cref="BlockColumns"/> block of it, in registers.
/// </summary>
internal static class ProductMacros
{
    /// <summary>1: stage <see cref="TileDepth"/>-deep slices of both operands in local memory (GPUs); 0: read them
    /// straight from global memory, each work-item owning contiguous columns so that the compiler vectorises (CPUs).</summary>
    public const string LocalTiles = "PRODUCT_LOCAL_TILES";

    /// <summary>Output rows a work-group computes.</summary>
    public const string TileRows = "TILE_M";

    /// <summary>Output columns a work-group computes.</summary>
    public const string TileColumns = "TILE_N";

    /// <summary>Reduction steps staged in local memory at a time (local tiles only).</summary>
    public const string TileDepth = "TILE_K";

    /// <summary>Output rows a work-item computes.</summary>
    public const string BlockRows = "BLOCK_M";

    /// <summary>Output columns a work-item computes.</summary>
    public const string BlockColumns = "BLOCK_N";

    /// <summary>Floats of padding after each row of the left local tile (<c>[TILE_K][TILE_M + pad]</c>), so that the
    /// tile's transposed stores do not all hit one memory bank; the runtime counts it in a work-group's local memory.</summary>
    public const int LeftTilePadding = 1;

    /// <summary>Every macro, in the order the generated prelude checks them.</summary>
    public static readonly string[] All = [LocalTiles, TileRows, TileColumns, TileDepth, BlockRows, BlockColumns];
}
