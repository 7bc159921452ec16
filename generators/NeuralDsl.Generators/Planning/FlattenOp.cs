
namespace NeuralDsl.Generators.Planning;

/// <summary>A reshape: rows are already laid out channels-last, so Flatten owns no buffer. Its output and output
/// gradient are the buffers of the pass before it (the plan aliases them), and its passes do nothing.</summary>
internal sealed record FlattenOp(OpCommon Common) : OpPlan(Common)
{
    public override string Type => "Flatten";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitFlatten(this);
}
