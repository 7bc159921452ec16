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
        var aliases = new Dictionary<string, int>(System.StringComparer.Ordinal);
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var resolved = new List<int>();
            bool ok = true;
            if (layer.From is { } from) ok &= Find(input, layers, names, aliases, i, from, "From", resolved, diagnostics);
            else resolved.Add(i - 1);
            if (ok && layer.InputAlias is { } alias) aliases[alias] = resolved[0]; // a block instance's input, for its layers
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
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DeadBranch, layers[i].Location, layers[i].Display, Names[i], Names[layers.Count - 1]));
    }

    private static bool Find(InputSpec input, IReadOnlyList<LayerSpec> layers, string[] names, Dictionary<string, int> aliases, int reader,
        string name, string how, List<int> resolved, List<DiagnosticInfo> diagnostics)
    {
        var layer = layers[reader];
        if (input.Name == name)
        {
            resolved.Add(-1);
            return true;
        }
        if (aliases.TryGetValue(name, out int aliased))
        {
            resolved.Add(aliased);
            return true;
        }
        int index = System.Array.IndexOf(names, name);
        if (index >= 0 && index < reader)
        {
            resolved.Add(index);
            return true;
        }
        if (index >= reader)
        {
            string which = index == reader ? "the layer itself" : layers[index].Display;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LaterLayerReference, layer.Location, layer.Display, name, how, which));
            return false;
        }
        var known = (input.Name is { } inputName ? new[] { inputName + " (the input)" } : System.Array.Empty<string>()).Concat(names.Take(reader)).ToList();
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLayerReference, layer.Location, layer.Display, name, how,
            known.Count == 0 ? "none (name the input with [Input(..., Name = \"...\")])" : string.Join(", ", known)));
        return false;
    }
}
