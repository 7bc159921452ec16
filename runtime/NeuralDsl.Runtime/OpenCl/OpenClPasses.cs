namespace NeuralDsl.OpenCl;

/// <summary>
/// The base of a model's generated OpenCL passes: its OpenCL C program, the program's kernels in launch-index order,
/// the workspace layout, and the forward and backward passes as sequences of launches. The workspace holds per slot
/// <c>capacity</c> rows; a slot starts at <c>capacity × offset</c>: the input slot at offset 0, the targets at
/// <see cref="TargetSlot"/>, the model output at <see cref="OutputSlot"/>; one row of all slots is
/// <see cref="WorkspaceWidth"/> floats. Instances hold no state: one serves every model of its class.
/// </summary>
public abstract class OpenClPasses
{
    /// <param name="source">The OpenCL C program (the generated <c>OpenClSource</c> constant).</param>
    /// <param name="kernels">Kernel names in launch-index order; the gather kernel comes first.</param>
    /// <param name="workspaceWidth">Floats per row over all slots.</param>
    /// <param name="targetSlot">Offset of the target slot.</param>
    /// <param name="outputSlot">Offset of the model output's slot.</param>
    /// <param name="penaltyKernel">Index of the kernel writing the regularization penalty to the scalars, or -1.</param>
    protected OpenClPasses(string source, string[] kernels, int workspaceWidth, int targetSlot, int outputSlot, int penaltyKernel)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(kernels);
        Source = source;
        Kernels = kernels;
        WorkspaceWidth = workspaceWidth;
        TargetSlot = targetSlot;
        OutputSlot = outputSlot;
        PenaltyKernel = penaltyKernel;
    }

    public string Source { get; }

    public IReadOnlyList<string> Kernels { get; }

    public int WorkspaceWidth { get; }

    public int TargetSlot { get; }

    public int OutputSlot { get; }

    public int PenaltyKernel { get; }

    /// <summary>Enqueues the forward pass over the <paramref name="rows"/> rows in the input slot.</summary>
    public abstract void Forward(OpenClLauncher launch, int rows);

    /// <summary>Enqueues the backward pass after a training forward pass (targets in the target slot): dL/dθ into the gradients.</summary>
    public abstract void Backward(OpenClLauncher launch, int rows);
}
