// The generator compiles this file too (linked): the OpenCL C it writes and the runtime that launches it agree on
// these positions and sizes because both read them here.
namespace NeuralDsl.OpenCl;

/// <summary>
/// The calling convention of a model's generated OpenCL program: the arguments every layer kernel takes, in this
/// order (the generated <c>MODEL_ARGS</c>), the arguments of the batch-gather kernel, and the sizes of the
/// work-groups the kernels are written for (the products' work-groups are tuned per device: <see cref="ProductMacros"/>).
/// </summary>
internal static class OpenClAbi
{
    /// <summary>Work-group size of the regularization penalty's reduction (<c>PENALTY_GROUP</c>).</summary>
    public const int PenaltyGroupSize = 256;

    /// <summary>Offset of the workspace slot holding a batch's input rows: the first slot (<c>X_SLOT</c>).</summary>
    public const int InputSlot = 0;

    /// <summary>Launch index of the batch-gather kernel: the first kernel of every model's program.</summary>
    public const int GatherKernel = 0;

    /// <summary>Where the penalty kernel writes the regularization penalty in the scalars buffer.</summary>
    public const int PenaltyScalar = 0;

    /// <summary>Floats in the scalars buffer.</summary>
    public const int ScalarCount = 1;

    /// <summary>Work-group size of the batch-metrics kernel (<c>METRICS_GROUP</c>): one work-group sums a whole batch, so
    /// it adds to the counts without global atomics (launches run in order).</summary>
    public const int MetricsGroupSize = 256;

    /// <summary>Where the batch-metrics kernel keeps, in its int counts, the first loss slot whose loss was not finite
    /// (<see cref="int.MaxValue"/> while there is none; <c>METRICS_FIRST_NON_FINITE</c>).</summary>
    public const int MetricsFirstNonFinite = 0;

    /// <summary>Where the counts hold the correct predictions (<c>METRICS_CORRECT</c>).</summary>
    public const int MetricsCorrect = 1;

    /// <summary>Where the counts' true positives start (<c>METRICS_CONFUSION</c>), one per class, followed by the false
    /// positives and the false negatives: the order of <c>MetricSums</c>.</summary>
    public const int MetricsConfusion = 2;

    /// <summary>Ints in the counts of a model with <paramref name="classes"/> confusion classes.</summary>
    public static int MetricsCountLength(int classes) => MetricsConfusion + 3 * classes;
}

/// <summary>Positions of the arguments every layer kernel takes (the generated <c>MODEL_ARGS</c>).</summary>
internal enum LayerKernelArgument
{
    /// <summary><c>p</c>: the parameter buffer.</summary>
    Parameters,

    /// <summary><c>g</c>: the gradient buffer (same layout).</summary>
    Gradients,

    /// <summary><c>w</c>: the workspace, one slot of <c>cap</c> rows per tensor of the batch.</summary>
    Workspace,

    /// <summary><c>s</c>: the scalars (the regularization penalty).</summary>
    Scalars,

    /// <summary><c>rows</c>: rows in this batch.</summary>
    Rows,

    /// <summary><c>cap</c>: rows each workspace slot holds.</summary>
    Capacity,

    /// <summary><c>seed</c>: the dropout stream of this pass.</summary>
    Seed,

    /// <summary><c>mode</c>: a <see cref="PassMode"/> value.</summary>
    Mode,
}

/// <summary>Positions of the batch-metrics kernel's arguments after the <see cref="LayerKernelArgument"/>s it takes first
/// (the generated <c>METRICS_ARGS</c>): it adds a batch's loss and confusion counts, and after a training pass writes
/// dL/d(output).</summary>
internal enum MetricsKernelArgument
{
    /// <summary><c>counts</c>: the int counts (<see cref="OpenClAbi.MetricsFirstNonFinite"/>, ...).</summary>
    Counts = LayerKernelArgument.Mode + 1,

    /// <summary><c>losses</c>: one float per batch, the batch's mean loss plus the penalty.</summary>
    Losses,

    /// <summary><c>slot</c>: where in <c>losses</c> this batch's loss goes.</summary>
    Slot,
}

/// <summary>Positions of the batch-gather kernel's arguments: it copies rows <c>order[first ..]</c> of a training set kept
/// on the device into the input and target slots.</summary>
internal enum GatherKernelArgument
{
    /// <summary><c>w</c>: the workspace.</summary>
    Workspace,

    /// <summary><c>data_x</c>: the data set's inputs.</summary>
    DataInputs,

    /// <summary><c>data_y</c>: the data set's targets.</summary>
    DataTargets,

    /// <summary><c>order</c>: the row order of the epoch.</summary>
    Order,

    /// <summary><c>first</c>: the batch's first position in the order.</summary>
    First,

    /// <summary><c>rows</c>: rows in this batch.</summary>
    Rows,

    /// <summary><c>cap</c>: rows each workspace slot holds.</summary>
    Capacity,
}
