
namespace NeuralDsl.Generators.Planning;

/// <summary>Dense with its bias and activation fused into the product's epilogue, and possibly the Dropout after it
/// (<see cref="Dropout"/>): its mask is applied in this pass, forward and backward.</summary>
internal sealed record DenseOp(
    OpCommon Common,
    Activation Activation,
    bool FusedWithLoss,
    RegularizationPlan? Regularization,
    DropoutOp? Dropout)
    : WeightedOp(Common, Activation, FusedWithLoss, Regularization)
{
    public override string Type => "Dense";

    public int Inputs => Input.Size;

    public override int Units => Output.Size;

    public override int Positions => 1;

    public override int FanIn => Inputs;

    public override int FanOut => Units;

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitDense(this);
}
