namespace NeuralDsl.Generators.Planning;

/// <summary>One tensor in the model's single parameter buffer: Keras name (<c>dense/kernel</c>), shape, offset, length,
/// initializer and role (a weight, or state such as a moving mean).</summary>
internal sealed record TensorPlan(string Name, Common.EquatableArray<int> Shape, int Offset, int Length, Initializer Initializer, TensorRole Role)
{
    /// <summary><c>784 * 128</c> for a kernel, <c>128</c> for a bias: the length as a product of the shape.</summary>
    public string LengthProduct => string.Join(" * ", System.Linq.Enumerable.Select(Shape, Common.Literals.Int));

    /// <summary><c>[784, 128]</c></summary>
    public string ShapeText => "[" + string.Join(", ", System.Linq.Enumerable.Select(Shape, Common.Literals.Int)) + "]";
}
