using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Conv2D(filters, kernelSize | kernelHeight, kernelWidth, activation) { Strides, Padding, UseBias,
/// KernelInitializer, BiasInitializer, KernelRegularizer, L1, L2 }]</c>.</summary>
internal sealed record Conv2DSpec(
    int Filters,
    int KernelHeight,
    int KernelWidth,
    Activation Activation,
    int Strides,
    Padding Padding,
    WeightOptions Weights,
    LocationInfo Location) : LayerSpec(Location)
{
    public override WeightOptions? WeightOptions => Weights;

    public override string Kind => "Conv2D";

    /// <summary><c>Conv2D(32, 3)</c> for a square kernel, <c>Conv2D(6, 5, 3)</c> for a 5×3 one.</summary>
    public override string Display => "Conv2D(" + Literals.Int(Filters) + ", " +
        (IsSquare ? Literals.Int(KernelHeight) : Literals.Int(KernelHeight) + ", " + Literals.Int(KernelWidth)) + ")";

    public override Activation? OutputActivation => Activation;

    public bool IsSquare => KernelHeight == KernelWidth;
}
