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
    /// <param name="metricsKernel">Index of the batch-metrics kernel (<see cref="MetricsKernelArgument"/>).</param>
    /// <param name="lossGradientKernel">Index of the stand-alone loss-gradient kernel, or -1 for a model without parameters.</param>
    /// <param name="penaltyKernel">Index of the kernel writing the regularization penalty to the scalars, or -1.</param>
    protected OpenClPasses(string source, string[] kernels, int workspaceWidth, int targetSlot, int outputSlot,
        int metricsKernel, int lossGradientKernel, int penaltyKernel)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentNullException.ThrowIfNull(kernels);
        Source = source;
        Kernels = kernels;
        WorkspaceWidth = workspaceWidth;
        TargetSlot = targetSlot;
        OutputSlot = outputSlot;
        MetricsKernel = metricsKernel;
        LossGradientKernel = lossGradientKernel;
        PenaltyKernel = penaltyKernel;
    }

    public string Source { get; }

    public IReadOnlyList<string> Kernels { get; }

    public int WorkspaceWidth { get; }

    public int TargetSlot { get; }

    public int OutputSlot { get; }

    /// <summary>Adds a batch's loss and metrics to the sums on the device and, after a training pass, writes dL/d(output);
    /// launched as one work-group of <see cref="OpenClAbi.MetricsGroupSize"/>.</summary>
    public int MetricsKernel { get; }

    /// <summary>Writes dL/d(output) alone (rows × OutputSize work-items), for a backward pass not preceded by the batch
    /// metrics; -1 when nothing trains.</summary>
    public int LossGradientKernel { get; }

    public int PenaltyKernel { get; }

    /// <summary>Enqueues the forward pass over the <paramref name="rows"/> rows in the input slot.</summary>
    public abstract void Forward(OpenClLauncher launch, int rows);

    /// <summary>Enqueues the backward pass after a training forward pass and its output gradient (written by the batch
    /// metrics or the loss-gradient kernel): dL/dθ into the gradients.</summary>
    public abstract void Backward(OpenClLauncher launch, int rows);
}
