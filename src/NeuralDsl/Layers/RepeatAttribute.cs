namespace NeuralDsl;

/// <summary>
/// Uses a block (a class carrying <see cref="BlockAttribute"/>) <see cref="Times"/> times in a row, each instance reading
/// the previous one's output. Instance k (counted from 1 per <see cref="LayerAttribute.Name"/> across the model, so two
/// Repeats with one name continue the count) is named <c>{Name}{k}</c>, and its layers <c>{Name}{k}_{layer}</c> with each
/// layer's name inside the block (written, or numbered as Keras numbers it): <c>[Repeat(typeof(Bottleneck), 3, Name =
/// "conv2_block", Filters = 64)]</c> gives <c>conv2_block1_1_conv</c> … <c>conv2_block3_out</c>, Keras's ResNet names.
/// Without a name the prefix is the block class's name in snake_case. <see cref="FirstIndex"/> = 0 counts from 0 instead, as
/// PyTorch numbers the modules of an <c>nn.Sequential</c>: <c>[Repeat(typeof(Bottleneck), 3, Name = "layer1_", FirstIndex =
/// 0)]</c> gives <c>layer1_0_conv1</c> … <c>layer1_2_conv3</c>, torchvision's <c>layer1.0.conv1</c> … with <c>_</c> for <c>.</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RepeatAttribute : LayerAttribute
{
    /// <param name="block">The block: a class carrying <see cref="BlockAttribute"/>.</param>
    /// <param name="times">How many instances, one after the other (at least 1); more than one needs a block whose output
    /// has the shape of its input.</param>
    public RepeatAttribute(Type block, int times = LayerDefaults.RepeatTimes)
    {
        Block = block;
        Times = times;
    }

    /// <summary>The block class.</summary>
    public Type Block { get; }

    /// <summary>How many instances follow one another.</summary>
    public int Times { get; }

    /// <summary>The unit of the block's filter and unit counts: <c>Conv2D(4, 1)</c> in a block repeated with
    /// <c>Filters = 64</c> has 256 filters (default 1: the counts as written).</summary>
    public int Filters { get; set; } = LayerDefaults.RepeatFilters;

    /// <summary>The strides of the block's layers written with <c>Strides = BlockAttribute.Strides</c> (default 1).</summary>
    public int Strides { get; set; } = LayerDefaults.RepeatStrides;

    /// <summary>The number of the first instance of this prefix (default 1, Keras's numbering; 0 for PyTorch's). It applies
    /// where the prefix starts: a later Repeat with the same name continues the count whatever its own FirstIndex
    /// (0 or more).</summary>
    public int FirstIndex { get; set; } = LayerDefaults.RepeatFirstIndex;
}
