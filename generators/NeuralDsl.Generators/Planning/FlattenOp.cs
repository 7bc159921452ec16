using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Planning;

/// <summary>A reshape: rows are already laid out channels-last, so Flatten owns no buffer. Its output and output
/// gradient are the buffers of the pass before it (the plan aliases them), and its passes do nothing.</summary>
internal sealed record FlattenOp(
    string Name,
    string MemberName,
    string Description,
    Shape Input,
    Shape Output,
    bool NeedsInputGradient,
    OpBuffers Buffers)
    : OpPlan(Name, MemberName, Description, Input, Output, EquatableArray<TensorPlan>.Empty, NeedsInputGradient, Buffers)
{
    public override string Type => "Flatten";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitFlatten(this);
}
