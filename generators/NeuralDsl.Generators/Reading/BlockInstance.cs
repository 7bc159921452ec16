using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary>Which instance of which [Repeat] a layer belongs to (<paramref name="Repeat"/> counts the model's Repeats from
/// 0, <paramref name="Number"/> the instances from 1), and whether it is the instance's first or last layer; with the
/// Repeat as diagnostics name it.</summary>
internal sealed record BlockInstance(int Repeat, int Number, bool IsFirst, bool IsLast, string RepeatDisplay, LocationInfo RepeatLocation, string? RepeatFrom = null)
{
    /// <summary>The contract's <c>BlockAttribute.Strides</c>: a block layer's strides that the instance decides.</summary>
    public const int InstanceStrides = LayerDefaults.BlockStrides;

    /// <summary>The contract's <c>BlockAttribute.Input</c>: the name a block's layers read its input by.</summary>
    public const string InputName = LayerDefaults.BlockInput;

    /// <summary><paramref name="count"/> × <paramref name="unit"/>, or int.MaxValue when that does not fit (the shape check
    /// then reports the size); a non-positive count stays as written, for its own error.</summary>
    public static int Scale(int count, int unit) => count <= 0 || unit <= 0 ? count : (int)System.Math.Min(int.MaxValue, (long)count * unit);
}
