using System.Globalization;
using System.Linq;
using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Input(dims...)]</c>: the shape of one input row.</summary>
internal sealed record InputSpec(EquatableArray<int> Dims, LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Input";

    public override string Display =>
        "Input(" + string.Join(", ", Dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
}
