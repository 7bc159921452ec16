using System.Globalization;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Dense(units, activation) { UseBias, KernelInitializer, BiasInitializer, KernelRegularizer, L1, L2 }]</c>.</summary>
internal sealed record DenseSpec(
    int Units,
    ActivationKind Activation,
    bool UseBias,
    InitializerKind KernelInitializer,
    InitializerKind BiasInitializer,
    RegularizerKind KernelRegularizer,
    double L1,
    double L2,
    LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Dense";

    public override string Display => "Dense(" + Units.ToString(CultureInfo.InvariantCulture) + ")";

    public override string Description => Activation == ActivationKind.Linear
        ? Display
        : "Dense(" + Units.ToString(CultureInfo.InvariantCulture) + ", " +
          (ContractNames.IsDefined(Activation) ? ContractNames.Keras(Activation) : ContractNames.CSharp("Activation", Activation, defined: false)) + ")";
}
