
namespace NeuralDsl.Generators.Planning;

/// <summary>Inverted dropout: a mask (<see cref="OpBuffers.Kept"/>) drawn per training pass, identity at inference.
/// When <see cref="FusedInto"/> names the Dense before it, that Dense's passes apply the mask and this one does nothing.</summary>
internal sealed record DropoutOp(
    OpCommon Common,
    double Rate,
    string? FusedInto)
    : OpPlan(Common)
{
    public override string Type => "Dropout";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitDropout(this);
}
