namespace NeuralDsl.Generators.Planning;

/// <summary>Element-wise sum of every input; backward hands the output gradient to each input unchanged.</summary>
internal sealed record AddOp(OpCommon Common) : OpPlan(Common)
{
    public override string Type => "Add";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitAdd(this);
}
