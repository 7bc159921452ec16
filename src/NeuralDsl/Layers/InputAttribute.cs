namespace NeuralDsl;

/// <summary>
/// The shape of one input row, without the batch dimension: <c>[Input(784)]</c> for a vector,
/// <c>[Input(28, 28, 1)]</c> for an image (height, width, channels; channels last as in Keras).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    public InputAttribute(params int[] shape) => Shape = shape;

    /// <summary>Dimensions of one input row.</summary>
    public int[] Shape { get; }

    /// <summary>The input's name, for <see cref="LayerAttribute.From"/>, <see cref="AddAttribute"/> and
    /// <see cref="ConcatenateAttribute"/> to read it by; null (the default) leaves it unnamed.</summary>
    public string? Name { get; set; }
}
