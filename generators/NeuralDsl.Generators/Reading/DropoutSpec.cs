using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Dropout(rate)]</c>.</summary>
internal sealed record DropoutSpec(double Rate, LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Dropout";

    public override string Display => "Dropout(" + Literals.Number(Rate) + ")";
}
