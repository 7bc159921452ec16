using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Activation(activation)]</c>: a stand-alone activation layer.</summary>
internal sealed record ActivationSpec(ActivationKind Activation, LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Activation";

    public override string Display => "Activation(" +
        (ContractNames.IsDefined(Activation)
            ? ContractNames.Keras(Activation)
            : ContractNames.CSharp("Activation", Activation, defined: false)) + ")";
}
