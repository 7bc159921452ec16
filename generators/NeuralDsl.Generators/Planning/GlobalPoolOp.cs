namespace NeuralDsl.Generators.Planning;

/// <summary>The mean or the maximum of each channel over every position; global max pooling keeps each channel's
/// arg-max (its <see cref="OpBuffers.Kept"/>) for backward.</summary>
internal sealed record GlobalPoolOp(OpCommon Common, bool IsMax) : OpPlan(Common)
{
    public override string Type => IsMax ? "GlobalMaxPooling2D" : "GlobalAveragePooling2D";

    public int Channels => Input.Dims[2];

    public int Positions => Input.Dims[0] * Input.Dims[1];

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitGlobalPooling(this);
}
