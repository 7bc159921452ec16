namespace NeuralDsl.Generators.Planning;

/// <summary>What a workspace buffer holds for each row of a batch.</summary>
internal enum BufferRole
{
    /// <summary>A layer's output (kept from the training forward pass for backward).</summary>
    Output,

    /// <summary>dL/d(output) of a layer, written by the backward pass of the layer after it (or the loss); with a
    /// <see cref="BufferPlan.Part"/>, one more reader's share, added to the layer's gradient before its backward pass.</summary>
    Gradient,

    /// <summary>A dropout mask: 0 or 1 / (1 − rate) per value.</summary>
    Mask,

    /// <summary>Max pooling's choice per output: the index in the input row of the window's maximum (an integer).</summary>
    ArgMax,

    /// <summary>BatchNormalization's normalized input x̂ = (x − μ)/√(σ² + ε), kept for backward.</summary>
    Normalized,

    /// <summary>BatchNormalization's statistics per channel, in the first row only: the mean and 1/√(σ² + ε) it normalized
    /// with, then backward's sums Σ dL/dy and Σ dL/dy · x̂.</summary>
    Statistics,

    /// <summary>An augmentation layer's random draws per row (which flips, which shift), kept for backward.</summary>
    Draws,
}

/// <summary>
/// One tensor of a batch that the passes keep in the workspace: <see cref="Width"/> values per row, owned by layer
/// <see cref="Layer"/>. Every backend allocates exactly the plan's buffers (plus scratch of its own), so the aliasing
/// decided in planning holds on each. <see cref="Name"/> is snake_case (<c>dense_1_gradient</c>); each backend spells
/// it as a field or a slot. A layer read by several layers gets one gradient per reader: the first is its gradient, the
/// others are parts 1, 2… (<c>stem_gradient_part1</c>), added to it before its own backward pass.
/// </summary>
internal sealed record BufferPlan(string Layer, BufferRole Role, int Width, int Part = 0)
{
    public string Name => Layer + Role switch
    {
        BufferRole.Output => "_output",
        BufferRole.Gradient => Part == 0 ? "_gradient" : "_gradient_part" + Common.Literals.Int(Part),
        BufferRole.Mask => "_mask",
        BufferRole.ArgMax => "_argmax",
        BufferRole.Normalized => "_normalized",
        BufferRole.Statistics => "_statistics",
        _ => "_draws",
    };

    /// <summary>Whether the buffer holds integers (an arg-max) rather than floats.</summary>
    public bool HoldsIndices => Role == BufferRole.ArgMax;

    /// <summary>What the buffer holds, for comments.</summary>
    public string Description => Role switch
    {
        BufferRole.Output => Layer + " output",
        BufferRole.Gradient => Part == 0 ? "dL/d(" + Layer + " output)" : "dL/d(" + Layer + " output) from its reader " + Common.Literals.Int(Part + 1),
        BufferRole.Mask => Layer + " mask (0 or 1 / (1 - rate))",
        BufferRole.ArgMax => Layer + " arg-max per output (index in the input row)",
        BufferRole.Normalized => Layer + " normalized input (x - mean) / sqrt(variance + epsilon)",
        BufferRole.Statistics => Layer + " per channel (first row only): mean, 1 / sqrt(variance + epsilon), sum dy, sum dy * normalized",
        _ => Layer + " random draws per row",
    };
}
