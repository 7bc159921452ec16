
namespace NeuralDsl.Generators.Planning;

/// <summary>A stand-alone activation layer (element-wise, or row-wise for softmax). When <see cref="FusedWithLoss"/>,
/// the loss gradient is written straight into the previous pass's gradient (the plan aliases it) and backward does nothing.
/// When <see cref="FoldedInto"/> names a Conv2D (whose folded BatchNormalization or Add this layer reads), that Conv2D
/// applies it at inference and this layer passes its input on.</summary>
internal sealed record ActivationOp(
    OpCommon Common,
    Activation Activation,
    bool FusedWithLoss,
    string? FoldedInto = null)
    : OpPlan(Common)
{
    public override string Type => "Activation";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitActivation(this);
}
