namespace NeuralDsl.Generators.Planning;

/// <summary>What a workspace buffer holds for each row of a batch.</summary>
internal enum BufferRole
{
    /// <summary>A layer's output (kept from the training forward pass for backward).</summary>
    Output,

    /// <summary>dL/d(output) of a layer, written by the backward pass of the layer after it (or the loss).</summary>
    Gradient,

    /// <summary>A dropout mask: 0 or 1 / (1 − rate) per value.</summary>
    Mask,

    /// <summary>Max pooling's choice per output: the index in the input row of the window's maximum (an integer).</summary>
    ArgMax,
}

/// <summary>
/// One tensor of a batch that the passes keep in the workspace: <see cref="Width"/> values per row, owned by layer
/// <see cref="Layer"/>. Every backend allocates exactly the plan's buffers (plus scratch of its own), so the aliasing
/// decided in planning holds on each. <see cref="Name"/> is snake_case (<c>dense_1_gradient</c>); each backend spells
/// it as a field or a slot.
/// </summary>
internal sealed record BufferPlan(string Layer, BufferRole Role, int Width)
{
    public string Name => Layer + Role switch
    {
        BufferRole.Output => "_output",
        BufferRole.Gradient => "_gradient",
        BufferRole.Mask => "_mask",
        _ => "_argmax",
    };

    /// <summary>What the buffer holds, for comments.</summary>
    public string Description => Role switch
    {
        BufferRole.Output => Layer + " output",
        BufferRole.Gradient => "dL/d(" + Layer + " output)",
        BufferRole.Mask => Layer + " mask (0 or 1 / (1 - rate))",
        _ => Layer + " arg-max per output (index in the input row)",
    };
}
