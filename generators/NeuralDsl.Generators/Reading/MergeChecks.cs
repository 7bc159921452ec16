using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary>What the merge layers (Add, Concatenate) share in their checks and messages.</summary>
internal static class MergeChecks
{
    /// <summary>A merge must name at least one other layer (NDSL036).</summary>
    public static void NamesSomeLayer(LayerSpec layer, EquatableArray<string> names, string verb, List<DiagnosticInfo> diagnostics)
    {
        if (names.IsEmpty)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionOutOfRange, layer.Location, layer.Display, "the list of layers", "empty",
                "at least one earlier layer's name to " + verb + " to the previous layer's output"));
    }

    /// <summary><c>16×16×16 from 'stem' and 8×8×32 from 'conv2d_3'</c>.</summary>
    public static string Listed(LayerInputs inputs)
    {
        var items = inputs.Shapes.Select((shape, k) => shape + " from '" + inputs.Producers[k].Name + "'").ToList();
        return items.Count <= 2 ? string.Join(" and ", items) : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[items.Count - 1];
    }
}
