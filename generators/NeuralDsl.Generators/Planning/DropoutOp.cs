using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>Inverted dropout: a mask (<see cref="OpBuffers.Mask"/>) drawn per training pass, identity at inference.
/// When <see cref="FusedInto"/> names the Dense before it, that Dense's passes apply the mask and this one does nothing.</summary>
internal sealed record DropoutOp(
    string Name,
    string MemberName,
    string Description,
    Shape Input,
    Shape Output,
    bool NeedsInputGradient,
    OpBuffers Buffers,
    double Rate,
    string? FusedInto)
    : OpPlan(Name, MemberName, Description, Input, Output, EquatableArray<TensorPlan>.Empty, NeedsInputGradient, Buffers)
{
    public override string Type => "Dropout";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitDropout(this);
}
