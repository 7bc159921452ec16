namespace NeuralDsl.Generators.Planning;

/// <summary>Element-wise sum of every input; backward hands the output gradient to each input unchanged. When
/// <see cref="FoldedInto"/> names a Conv2D (whose result is this layer's first input), that Conv2D adds the second input in
/// its epilogue at inference and this layer passes its first input on.</summary>
internal sealed record AddOp(OpCommon Common, string? FoldedInto = null) : OpPlan(Common)
{
    public override string Type => "Add";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitAdd(this);
}
