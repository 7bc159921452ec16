using System.Linq;

namespace NeuralDsl.Generators.Planning;

/// <summary>
/// BatchNormalization over the channel axis: batch statistics while the layer trains (and the moving statistics updated
/// by a training pass), the moving statistics at inference or while frozen. Its tensors: gamma and beta when written
/// (weights), moving_mean and moving_variance (state). When <see cref="FoldedInto"/> names the Conv2D before it, that layer
/// applies it at inference as a scale and shift per filter in its epilogue (writing this layer's output, or that of a
/// layer fused after it) and this pass does nothing at inference.
/// </summary>
internal sealed record BatchNormalizationOp(OpCommon Common, double Momentum, double Epsilon, string? FoldedInto) : OpPlan(Common)
{
    public override string Type => "BatchNormalization";

    public int Channels => Output.Dims[Output.Rank - 1];

    public int Positions => Output.Size / Channels;

    public TensorPlan? Gamma => Tensor("gamma");

    public TensorPlan? Beta => Tensor("beta");

    public TensorPlan MovingMean => Tensor("moving_mean")!;

    public TensorPlan MovingVariance => Tensor("moving_variance")!;

    private TensorPlan? Tensor(string suffix) => Tensors.FirstOrDefault(t => t.Name.EndsWith("/" + suffix, System.StringComparison.Ordinal));

    public override T Accept<T>(IOpVisitor<T> visitor) => visitor.VisitBatchNormalization(this);
}
