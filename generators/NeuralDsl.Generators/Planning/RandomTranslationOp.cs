namespace NeuralDsl.Generators.Planning;

/// <summary>Shifts each image by a drawn fraction of its size in training (Keras's RandomTranslation), the identity at
/// inference. The shifts per row are kept for backward, which applies the transposed sampling to the gradient.</summary>
internal sealed record RandomTranslationOp(OpCommon Common, double HeightFactor, double WidthFactor, FillMode FillMode, Interpolation Interpolation, double FillValue)
    : OpPlan(Common)
{
    public override string Type => "RandomTranslation";

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitRandomTranslation(this);
}
