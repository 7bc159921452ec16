
namespace NeuralDsl.Generators.Planning;

/// <summary>A stand-alone activation layer (element-wise, or row-wise for softmax). When <see cref="FusedWithLoss"/>,
/// the loss gradient is written straight into the previous pass's gradient (the plan aliases it) and backward does nothing.</summary>
internal sealed record ActivationOp(
    OpCommon Common,
    Activation Activation,
    bool FusedWithLoss)
    : OpPlan(Common)
{
    public override string Type => "Activation";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitActivation(this);
}
