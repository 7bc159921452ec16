using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>2-D max or average pooling per channel; max pooling keeps the arg-max of each window for backward
/// (its <see cref="OpBuffers.Kept"/>). On the CPU a max pooling that alone reads a Conv2D runs in that Conv2D's passes
/// (<see cref="ComputedBy"/>): forward a block of images at a time, and backward through the Conv2D's activation derivative
/// at the arg-maxes (the max of the activation's outputs is its output there) into a block of the Conv2D's output gradient.</summary>
internal sealed record PoolOp(
    OpCommon Common,
    bool IsMax,
    Window Window,
    string? ComputedBy = null)
    : OpPlan(Common)
{
    public override string Type => IsMax ? "MaxPooling2D" : "AveragePooling2D";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitPooling(this);
}
