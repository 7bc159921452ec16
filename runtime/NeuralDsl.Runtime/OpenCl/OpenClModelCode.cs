namespace NeuralDsl.OpenCl;

/// <summary>
/// What the generator tells the OpenCL backend about a model's program: the source, its kernels in launch-index
/// order, and the workspace layout. The workspace holds per slot <c>capacity</c> rows; a slot starts at
/// <c>capacity × offset</c>, the input slot at offset 0, the targets at <see cref="TargetSlot"/>, the model output
/// at <see cref="OutputSlot"/>, and one row of all slots together is <see cref="WorkspaceWidth"/> floats.
/// </summary>
/// <param name="Source">The OpenCL C program (the generated <c>OpenClSource</c> constant).</param>
/// <param name="Kernels">Kernel names; index 0 is <c>gather_batch</c>, which copies data-set rows into the input and target slots.</param>
/// <param name="WorkspaceWidth">Floats per row over all slots.</param>
/// <param name="TargetSlot">Offset of the target slot.</param>
/// <param name="OutputSlot">Offset of the model output's slot.</param>
/// <param name="PenaltyKernel">Index of the kernel writing the regularization penalty to the scalars, or -1.</param>
public sealed record OpenClModelCode(string Source, string[] Kernels, int WorkspaceWidth, int TargetSlot, int OutputSlot, int PenaltyKernel)
{
    /// <summary>Index of the kernel that gathers data-set rows into the input and target slots.</summary>
    public const int GatherKernel = 0;

    /// <summary>Work-group edge of the tiled-product kernels (<c>TILE</c> in the source).</summary>
    public const int Tile = 16;

    /// <summary>Work-group size of the penalty kernel.</summary>
    public const int PenaltyGroup = 256;
}
