using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary>What the merge layers (Add, Concatenate) share: their first input and the earlier layers they name
/// (<see cref="Layers"/>), read as <c>[Kind("a", ...)]</c>, and the messages that list their inputs.</summary>
internal abstract record MergeSpec(EquatableArray<string> Layers, LocationInfo Location) : LayerSpec(Location)
{
    public override string Display => Kind + "(" + string.Join(", ", Layers.Select(Literals.String)) + ")";

    public override EquatableArray<string> Merged => Layers;

    public override LayerSpec WithMerged(EquatableArray<string> names) => this with { Layers = names };

    /// <summary>What the merge does to the other layers, for the message of an empty list: add, join.</summary>
    protected abstract string Verb { get; }

    /// <summary>A merge must name at least one other layer (NDSL036).</summary>
    public override void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
        if (Layers.IsEmpty)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionOutOfRange, Location, Display, "the list of layers", "empty",
                "at least one earlier layer's name to " + Verb + " to the previous layer's output"));
    }

    /// <summary>The layer names of a <c>params string[]</c> attribute, or null when it was written otherwise.</summary>
    protected static EquatableArray<string>? ReadNames(AttributeArguments a) =>
        a.Count == 1 && a.IsArray(0) ? a.Array(0, AttributeArguments.ToText) : null;

    /// <summary><c>16×16×16 from 'stem' and 8×8×32 from 'conv2d_3'</c>.</summary>
    protected static string Listed(LayerInputs inputs)
    {
        var items = inputs.Shapes.Select((shape, k) => shape + " from '" + inputs.Producers[k].Name + "'").ToList();
        return items.Count <= 2 ? string.Join(" and ", items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[items.Count - 1];
    }
}
