using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Activation(activation)]</c>: a stand-alone activation layer.</summary>
internal sealed record ActivationSpec(Activation Activation, LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Activation";

    public override string Display => "Activation(" + ContractNames.Keras(Activation) + ")";

    public override Activation? OutputActivation => Activation;

    /// <summary>The layer already names its activation.</summary>
    public override string Description => Display;
}
