namespace NeuralDsl.Generators.Planning;

/// <summary>Flips each image left-right (<see cref="Horizontal"/>) and/or upside down (<see cref="Vertical"/>), each with
/// probability 1/2, in training; the identity at inference. The draws per row are kept for backward, which flips the
/// gradient back.</summary>
internal sealed record RandomFlipOp(OpCommon Common, bool Horizontal, bool Vertical) : OpPlan(Common)
{
    public override string Type => "RandomFlip";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitRandomFlip(this);
}
