namespace NeuralDsl;

/// <summary>
/// Marks a class as a block: a group of layers declared once (its layer attributes, with no <see cref="InputAttribute"/>)
/// and used any number of times with <see cref="RepeatAttribute"/>, as a Keras user writes a function that builds a
/// residual block. Inside a block, <see cref="LayerAttribute.From"/>, <see cref="AddAttribute"/> and
/// <see cref="ConcatenateAttribute"/> name the block's own layers, or <see cref="Input"/> for the block's input; a filter or
/// unit count is a multiple of the instance's <see cref="RepeatAttribute.Filters"/>, and <c>Strides =
/// BlockAttribute.Strides</c> takes the instance's <see cref="RepeatAttribute.Strides"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BlockAttribute : Attribute
{
    /// <summary>The name a block's layers read the block's input by: <c>[Add(BlockAttribute.Input)]</c> closes an identity
    /// shortcut.</summary>
    public const string Input = LayerDefaults.BlockInput;

    /// <summary>Written as a Conv2D's or a pooling layer's <c>Strides</c> inside a block: the strides of the instance
    /// (<see cref="RepeatAttribute.Strides"/>), e.g. 2 for the block that starts a ResNet stage.</summary>
    public const int Strides = LayerDefaults.BlockStrides;
}
