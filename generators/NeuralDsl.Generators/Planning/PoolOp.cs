using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>2-D max or average pooling per channel; max pooling keeps the arg-max of each window for backward
/// (its <see cref="OpBuffers.Kept"/>).</summary>
internal sealed record PoolOp(
    OpCommon Common,
    bool IsMax,
    Window Window)
    : OpPlan(Common)
{
    public override string Type => IsMax ? "MaxPooling2D" : "AveragePooling2D";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitPooling(this);
}
