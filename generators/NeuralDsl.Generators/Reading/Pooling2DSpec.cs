using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[MaxPooling2D(poolSize | poolHeight, poolWidth) { Strides, Padding }]</c> or the same for
/// <c>[AveragePooling2D]</c>; <see cref="Strides"/> 0 means the pool size, as Keras's <c>strides=None</c>.</summary>
internal sealed record Pooling2DSpec(
    bool IsMax,
    int PoolHeight,
    int PoolWidth,
    int Strides,
    Padding Padding,
    LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => IsMax ? "MaxPooling2D" : "AveragePooling2D";

    /// <summary><c>MaxPooling2D(2)</c> for a square window, <c>AveragePooling2D(3, 2)</c> for a 3×2 one.</summary>
    public override string Display => Kind + "(" +
        (IsSquare ? Literals.Int(PoolHeight) : Literals.Int(PoolHeight) + ", " + Literals.Int(PoolWidth)) + ")";

    public bool IsSquare => PoolHeight == PoolWidth;
}
