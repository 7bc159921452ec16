using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>
/// Who reads whom: each layer's Keras name, and the layers it reads, resolved from <c>From</c> and a merge's names (by
/// default, the layer written just before it, or the input for the first). Names refer only to the input and to earlier
/// layers, so source order is a topological order and the chain stays the common case.
/// </summary>
internal sealed class LayerGraph
{
    private LayerGraph(string[] names, int[]?[] inputs)
    {
        Names = names;
        Inputs = inputs;
    }

    /// <summary>Each layer's name: written, reused, or numbered as Keras numbers it.</summary>
    public string[] Names { get; }

    /// <summary>Each layer's inputs (indices among the layers, -1 for the model input), or null when one of its names did
    /// not resolve (a diagnostic says why).</summary>
    public int[]?[] Inputs { get; }

    public static LayerGraph Resolve(InputSpec input, IReadOnlyList<LayerSpec> layers, List<DiagnosticInfo> diagnostics)
    {
        var names = LayerNames.Assign(layers);
        var inputs = new int[]?[layers.Count];
        var aliases = new Dictionary<string, int?>(System.StringComparer.Ordinal); // null: an input that did not resolve
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var resolved = new List<int>();
            bool ok = true;
            if (layer.From is { } from) ok &= Find(input, layers, names, aliases, i, from, "From", resolved, diagnostics);
            else resolved.Add(i - 1);
            if (layer.InputAlias is { } alias) aliases[alias] = ok ? resolved[0] : null; // a block instance's input, for its layers
            foreach (var merged in layer.Merged) ok &= Find(input, layers, names, aliases, i, merged, layer.Kind, resolved, diagnostics);
            inputs[i] = ok ? resolved.ToArray() : null;
        }
        return new LayerGraph(names, inputs);
    }

    /// <summary>A layer whose output no later layer reads cannot change the output: an error on it (the last layer is
    /// the model's output).</summary>
    public void CheckEveryOutputIsRead(IReadOnlyList<LayerSpec> layers, List<DiagnosticInfo> diagnostics)
    {
        var read = new bool[layers.Count];
        foreach (var inputs in Inputs)
            if (inputs is not null)
                foreach (int producer in inputs.Where(p => p >= 0)) read[producer] = true;
        for (int i = 0; i < layers.Count - 1; i++)
            if (!read[i])
                Report(diagnostics, DiagnosticInfo.Create(DiagnosticDescriptors.DeadBranch, layers[i].Location, layers[i].Display, Names[i], Names[layers.Count - 1]),
                    layers[i].Instance is not null);
    }

    /// <summary>Adds <paramref name="diagnostic"/>; for a layer of a block instance only the first at its attribute, so that a
    /// mistake in a block used many times is reported once (each instance's message names its own layers).</summary>
    private static void Report(List<DiagnosticInfo> diagnostics, DiagnosticInfo diagnostic, bool blockLayer)
    {
        if (blockLayer && diagnostics.Any(d => d.Descriptor.Id == diagnostic.Descriptor.Id && Equals(d.Location, diagnostic.Location))) return;
        diagnostics.Add(diagnostic);
    }

    private static bool Find(InputSpec input, IReadOnlyList<LayerSpec> layers, string[] names, Dictionary<string, int?> aliases, int reader,
        string name, string how, List<int> resolved, List<DiagnosticInfo> diagnostics)
    {
        var layer = layers[reader];
        if (input.Name == name)
        {
            resolved.Add(-1);
            return true;
        }
        if (aliases.TryGetValue(name, out int? aliased))
        {
            if (aliased is not { } producer) return false; // the instance's input is unknown: its error is reported already
            resolved.Add(producer);
            return true;
        }
        int index = System.Array.IndexOf(names, name);
        if (index >= 0 && index < reader)
        {
            resolved.Add(index);
            return true;
        }
        // The error belongs on the [Repeat] when the name is its From, else on the layer's attribute.
        bool fromRepeat = how == "From" && layer.Instance is { RepeatFrom: { } repeatFrom } && repeatFrom == name;
        var location = fromRepeat ? layer.Instance!.RepeatLocation : layer.Location;
        string display = fromRepeat ? layer.Instance!.RepeatDisplay : layer.Display;
        if (index >= reader)
        {
            string which = index == reader ? "the layer itself" : layers[index].Display + ", written after it";
            Report(diagnostics, DiagnosticInfo.Create(DiagnosticDescriptors.LaterLayerReference, location, display, name, how, which), layer.Instance is not null && !fromRepeat);
            return false;
        }
        // An attribute before it that did not bind may be the layer it names: the compiler's CS0246 says it all.
        if (layers.Take(reader).Any(earlier => earlier is UnreadLayerSpec)) return false;
        var known = (input.Name is { } inputName ? new[] { inputName + " (the input)" } : System.Array.Empty<string>()).Concat(names.Take(reader)).ToList();
        Report(diagnostics, DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLayerReference, location, display, name, how,
            known.Count == 0 ? "none (name the input with [Input(..., Name = \"...\")])" : string.Join(", ", known)), layer.Instance is not null && !fromRepeat);
        return false;
    }
}
