
namespace NeuralDsl.Generators.Planning;

/// <summary>
/// A layer with weights (Keras's kernel) and optionally a bias, whose bias and activation are fused into the product's
/// epilogue: Dense or Conv2D. When <see cref="FusedWithLoss"/>, the loss gradient already is dL/dz and the activation's
/// derivative is skipped.
/// </summary>
internal abstract record WeightedOp(
    OpCommon Common,
    Activation Activation,
    bool FusedWithLoss,
    RegularizationPlan? Regularization)
    : OpPlan(Common)
{
    /// <summary>The weight tensor (Keras's <c>kernel</c>).</summary>
    public TensorPlan Weights => Tensors[0];

    public TensorPlan? Bias => Tensors.Count > 1 ? Tensors[1] : null;

    /// <summary>Inputs feeding one output value (Keras's fan-in for the initializers).</summary>
    public abstract override int FanIn { get; }

    /// <summary>Outputs fed by one input value (Keras's fan-out).</summary>
    public abstract override int FanOut { get; }

    /// <summary>Output values per row that share one weight column: 1 for Dense, height × width for Conv2D.</summary>
    public abstract int Positions { get; }

    /// <summary>Weight columns: units (Dense) or filters (Conv2D).</summary>
    public abstract int Units { get; }
}
