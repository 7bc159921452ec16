using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Dense(units, activation) { UseBias, KernelInitializer, BiasInitializer, KernelRegularizer, L1, L2 }]</c>.</summary>
internal sealed record DenseSpec(int Units, Activation Activation, WeightOptions Weights, LocationInfo Location) : LayerSpec(Location)
{
    public override WeightOptions? WeightOptions => Weights;

    public override string Kind => "Dense";

    public override string Display => "Dense(" + Literals.Int(Units) + ")";

    public override Activation? OutputActivation => Activation;
}
