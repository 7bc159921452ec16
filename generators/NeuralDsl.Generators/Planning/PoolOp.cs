using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>2-D max or average pooling per channel; max pooling keeps the arg-max of each window for backward
/// (its <see cref="OpBuffers.Kept"/>). <see cref="DerivativeOfInput"/> is the activation of the Conv2D it alone reads, whose
/// derivative its CPU backward applies at the arg-maxes (the max of the activation's outputs is its output there).</summary>
internal sealed record PoolOp(
    OpCommon Common,
    bool IsMax,
    Window Window,
    Activation? DerivativeOfInput = null)
    : OpPlan(Common)
{
    public override string Type => IsMax ? "MaxPooling2D" : "AveragePooling2D";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitPooling(this);
}
