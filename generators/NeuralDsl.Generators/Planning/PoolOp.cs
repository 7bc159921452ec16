using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>2-D max or average pooling per channel; max pooling keeps the arg-max of each window for backward
/// (its <see cref="OpBuffers.Kept"/>). On the CPU a max pooling that alone reads a Conv2D runs in that Conv2D's forward pass
/// (<see cref="ComputedBy"/>), and its backward applies the Conv2D's activation derivative (<see cref="DerivativeOfInput"/>)
/// at the arg-maxes: the max of the activation's outputs is its output there.</summary>
internal sealed record PoolOp(
    OpCommon Common,
    bool IsMax,
    Window Window,
    string? ComputedBy = null,
    Activation? DerivativeOfInput = null)
    : OpPlan(Common)
{
    public override string Type => IsMax ? "MaxPooling2D" : "AveragePooling2D";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitPooling(this);
}
