using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Conv2D(filters, kernelSize | kernelHeight, kernelWidth, activation) { Strides, Padding, UseBias,
/// KernelInitializer, BiasInitializer, KernelRegularizer, L1, L2 }]</c>.</summary>
internal sealed record Conv2DSpec(
    int Filters,
    int KernelHeight,
    int KernelWidth,
    ActivationKind Activation,
    int Strides,
    PaddingKind Padding,
    bool UseBias,
    InitializerKind KernelInitializer,
    InitializerKind BiasInitializer,
    RegularizerKind KernelRegularizer,
    double L1,
    double L2,
    LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Conv2D";

    /// <summary><c>Conv2D(32, 3)</c> for a square kernel, <c>Conv2D(6, 5, 3)</c> for a 5×3 one.</summary>
    public override string Display => "Conv2D(" + Arguments + ")";

    public override string Description => Activation == ActivationKind.Linear
        ? Display
        : "Conv2D(" + Arguments + ", " +
          (ContractNames.IsDefined(Activation) ? ContractNames.Keras(Activation) : ContractNames.CSharp("Activation", Activation, defined: false)) + ")";

    public bool IsSquare => KernelHeight == KernelWidth;

    private string Arguments => Literals.Int(Filters) + ", " +
        (IsSquare ? Literals.Int(KernelHeight) : Literals.Int(KernelHeight) + ", " + Literals.Int(KernelWidth));
}
