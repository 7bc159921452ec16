using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Planning;

/// <summary>One input of a pass: the buffer it reads (null: the model input) and where its backward writes dL/d(that
/// input) (null when nothing upstream needs it). The gradient is the producer's own, or a part of it when the producer
/// has several readers.</summary>
internal sealed record OpInput(BufferPlan? Buffer, BufferPlan? Gradient);

/// <summary>
/// Where one pass reads and writes its batch tensors. <see cref="Inputs"/> lists what it reads (the first is its main
/// input; a merge reads more). Backward reads <see cref="OutputGradient"/> (dL/d(output)) and writes each input's
/// gradient; <see cref="GradientParts"/> are the shares of the layer's other readers, added to
/// <see cref="OutputGradient"/> before its backward pass. <see cref="KeptBuffers"/> are what the forward pass keeps for backward
/// (a dropout mask, an arg-max, BatchNormalization's normalized input, an augmentation's draws). A Dropout fused into the
/// Dense before it has no input gradient: the Dense reads the Dropout's <see cref="OutputGradient"/> through its mask.
/// </summary>
internal sealed record OpBuffers(
    EquatableArray<OpInput> Inputs,
    BufferPlan? Output,
    BufferPlan? OutputGradient,
    EquatableArray<BufferPlan> KeptBuffers,
    EquatableArray<BufferPlan> GradientParts)
{
    /// <summary>The first buffer the forward pass keeps for backward (most layers that keep one keep one), or null.</summary>
    public BufferPlan? Kept => KeptBuffers.IsEmpty ? null : KeptBuffers[0];

    /// <summary>The kept buffer of <paramref name="role"/>.</summary>
    public BufferPlan KeptOf(BufferRole role) => System.Linq.Enumerable.First(KeptBuffers, buffer => buffer.Role == role);

    /// <summary>The main input's buffer; null is the model input.</summary>
    public BufferPlan? Input => Inputs[0].Buffer;

    /// <summary>Where backward writes dL/d(main input), or null.</summary>
    public BufferPlan? InputGradient => Inputs[0].Gradient;
}
