namespace NeuralDsl.Generators.Planning;

/// <summary>
/// Where one pass reads and writes its batch tensors. A null <see cref="Input"/> (and a null <see cref="Output"/> of a
/// Flatten on the input) is the model input. Backward reads <see cref="OutputGradient"/> (dL/d(output)) and writes
/// <see cref="InputGradient"/>, which is the <see cref="OutputGradient"/> of the pass before; both are null when the
/// pass does not run backward or nothing before it needs a gradient. A Dropout fused into the Dense before it has no
/// <see cref="InputGradient"/>: the Dense reads the Dropout's <see cref="OutputGradient"/> through its mask.
/// </summary>
internal sealed record OpBuffers(
    BufferPlan? Input,
    BufferPlan? Output,
    BufferPlan? OutputGradient,
    BufferPlan? InputGradient,
    BufferPlan? Mask);
