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

    public const string AttributeName = "NeuralDsl.InputAttribute";

    /// <summary><c>Input(dims...)</c>, with the name other layers may read it by.</summary>
    public static LayerSpec? Read(AttributeArguments a) =>
        a.Count == 1 && a.IsArray(0) ? new InputSpec(a.Array(0, AttributeArguments.ToInt), a.Location) : null;
}
