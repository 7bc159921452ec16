namespace NeuralDsl;

/// <summary>
/// Augmentation (Keras <c>RandomFlip</c>): in training, each image is flipped left-right and/or upside down, each with
/// probability 1/2, drawn from the model's seeded stream as dropout masks are; at inference the layer is the identity.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RandomFlipAttribute : LayerAttribute
{
    public RandomFlipAttribute(Flip mode = LayerDefaults.Flip) => Mode = mode;

    /// <summary>Which flips may happen (Keras default horizontal_and_vertical).</summary>
    public Flip Mode { get; }
}
