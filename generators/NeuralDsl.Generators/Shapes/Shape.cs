using System.Linq;
using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Shapes;

/// <summary>The shape of one row (no batch dimension): rank 1 (a vector of units) or rank 3 (height ×
/// width × channels, channels last as in Keras).</summary>
internal sealed record Shape(EquatableArray<int> Dims)
{
    public static Shape Vector(int size) => new Shape(EquatableArray.Of(size));

    public int Rank => Dims.Count;

    /// <summary>Values per row: the product of the dimensions.</summary>
    public int Size => Dims.Aggregate(1, (product, dim) => product * dim);

    public bool IsVector => Rank == 1;

    /// <summary><c>784</c> or <c>28×28×1</c> (U+00D7), as diagnostics and comments show shapes.</summary>
    public override string ToString() => string.Join("\u00D7", Dims.Select(Literals.Int));

    /// <summary>A C# collection expression of the dimensions: <c>[28, 28, 1]</c>.</summary>
    public string ToCollectionExpression() => "[" + string.Join(", ", Dims.Select(Literals.Int)) + "]";
}
