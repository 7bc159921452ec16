using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// A model's OpenCL program: the C source, its kernels in launch-index order (<c>gather_batch</c> first), the
/// launches of the forward and backward passes, the regularization kernel (or -1) and the workspace layout.
/// </summary>
internal sealed record OpenClProgram(
    string Source,
    EquatableArray<string> Kernels,
    EquatableArray<OpenClLaunch> Forward,
    EquatableArray<OpenClLaunch> Backward,
    int PenaltyKernel,
    int WorkspaceWidth,
    int TargetSlot,
    int OutputSlot);
