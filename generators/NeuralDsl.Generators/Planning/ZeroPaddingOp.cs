namespace NeuralDsl.Generators.Planning;

/// <summary>Zeros around each image: <see cref="Top"/> rows above, <see cref="Bottom"/> below, <see cref="Left"/> and
/// <see cref="Right"/> columns beside it; backward crops the gradient back to the input.</summary>
internal sealed record ZeroPaddingOp(OpCommon Common, int Top, int Bottom, int Left, int Right) : OpPlan(Common)
{
    public override string Type => "ZeroPadding2D";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitZeroPadding(this);
}
