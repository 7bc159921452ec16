namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>How a kernel is launched: as a tiled product over an I × J output (TILE × TILE work-groups), or with one
/// work-item per element of a count.</summary>
internal enum LaunchShape
{
    Tiled,
    Each,
}

/// <summary>One kernel launch of a pass. <paramref name="Size"/> is a C# expression in <c>rows</c> (the output rows I of a
/// tiled product, or the work-item count); <paramref name="Columns"/> the product's J.</summary>
internal sealed record OpenClLaunch(int Kernel, string KernelName, LaunchShape Shape, string Size, int Columns, string Comment);
