using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>
/// The Shapes step: checks every option, finds the input, walks the layers in order computing each
/// output shape, and checks that the loss fits the output. Every problem becomes a diagnostic on the
/// attribute that causes it; checks go on after an error so that one build shows them all.
/// </summary>
internal static class ShapeInference
{
    public static ShapedModel Infer(ModelSpec spec)
    {
        var diagnostics = new List<DiagnosticInfo>(spec.Diagnostics);
        OptionChecks.CheckModel(spec, diagnostics);
        foreach (var layer in spec.Layers) OptionChecks.CheckLayer(layer, diagnostics);

        var all = Expand(spec, diagnostics);
        var input = FindInput(spec, all, diagnostics);
        if (input is null)
            return new ShapedModel(spec, null, EquatableArray<ShapedLayer>.Empty, AllLayersShaped: false, diagnostics.ToEquatableArray());

        var layers = all.SkipWhile(layer => !ReferenceEquals(layer, input)).Skip(1)
            .Where(layer => layer is not InputSpec).ToList();
        if (layers.Count == 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, spec.Location, spec.ClassName, input.Display));
        CheckNames(input, layers, diagnostics);
        CheckTrainable(spec, layers, diagnostics);

        var inputShape = InputShape(input, diagnostics);
        var graph = LayerGraph.Resolve(input, layers, diagnostics);
        var repeats = new RepeatShapes();
        var shaped = new List<ShapedLayer>();
        var outputs = new Shape?[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            // A layer whose input is unknown (a shape error or an attribute that did not bind before it) stays unknown,
            // without follow-on errors; layers on other branches are still checked.
            var producers = graph.Inputs[i];
            if (inputShape is null || producers is null) continue;
            var shapes = producers.Select(p => p < 0 ? inputShape : outputs[p]).ToList();
            if (shapes.Any(shape => shape is null)) continue;
            if (!repeats.Admits(layers[i], shapes[0]!, diagnostics)) continue;
            var inputs = new LayerInputs(shapes.Select(shape => shape!).ToEquatableArray(),
                producers.Select(p => p < 0 ? new Producer(input.Kind, input.Name ?? "input") : new Producer(layers[p].Kind, graph.Names[p])).ToEquatableArray());
            var result = layers[i].InferShape(inputs, diagnostics);
            if (result is null) continue;
            outputs[i] = result.Output;
            repeats.Shaped(layers[i], result.Output);
            shaped.Add(new ShapedLayer(layers[i], graph.Names[i], producers.ToEquatableArray(), inputs.Shapes, result.Output, result.Window));
        }

        bool allShaped = inputShape is not null && layers.Count > 0 && shaped.Count == layers.Count;
        if (allShaped)
        {
            graph.CheckEveryOutputIsRead(layers, diagnostics);
            CheckLoss(spec, shaped, diagnostics);
        }
        // A block used by several Repeats reports its layers' option errors once.
        return new ShapedModel(spec, inputShape, shaped.ToEquatableArray(), allShaped, diagnostics.Distinct().ToEquatableArray());
    }

    /// <summary>The layers as written with a [Reuse] replaced by the input and layers it reuses, and a [Repeat] by its
    /// instances' layers. A [Reuse] must come first and replaces [Input]; one that does not is reported and left out.</summary>
    private static List<LayerSpec> Expand(ModelSpec spec, List<DiagnosticInfo> diagnostics)
    {
        var all = new List<LayerSpec>();
        var blocks = new BlockExpansion();
        for (int i = 0; i < spec.Layers.Count; i++)
        {
            if (spec.Layers[i] is RepeatSpec repeat)
            {
                // A Repeat that cannot expand (its error is reported) stands as an unread layer: nothing after it reports more.
                if (repeat.CanExpand)
                    all.AddRange(blocks.Expand(repeat, prefix => all.Any(layer => layer.Name is { } name && name.StartsWith(prefix + "_", System.StringComparison.Ordinal))).ToList());
                else all.Add(new UnreadLayerSpec(repeat.Display, repeat.Location) { Name = repeat.Name });
                continue;
            }
            if (spec.Layers[i] is not ReuseSpec reuse)
            {
                all.Add(spec.Layers[i]);
                continue;
            }
            bool placed = true;
            if (i > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReuseNotFirst, reuse.Location, reuse.Display, spec.Layers[0].Display));
                placed = false;
            }
            foreach (var input in spec.Layers.OfType<InputSpec>())
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReuseWithInput, input.Location, reuse.Display, reuse.SourceName, input.Display));
                placed = false;
            }
            if (placed) all.AddRange(reuse.Layers);
        }
        return all;
    }

    /// <summary>Names written with <c>Name = "..."</c> (or reused, or made by a block instance) must differ, the input's
    /// included; numbered names skip them already. A block instance's names are checked as made, on its [Repeat].</summary>
    private static void CheckNames(InputSpec input, List<LayerSpec> layers, List<DiagnosticInfo> diagnostics)
    {
        var owners = new Dictionary<string, LayerSpec>(System.StringComparer.Ordinal);
        foreach (var layer in new LayerSpec[] { input }.Concat(layers))
        {
            if (layer.Name is not { } name) continue;
            var location = layer.Instance?.RepeatLocation ?? layer.Location;
            if (layer.Instance is not null && !OptionChecks.IsValidName(name))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerName, location, layer.Instance.RepeatDisplay, name));
            if (owners.TryGetValue(name, out var owner))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName, location, layer.Display, name, owner.Display));
            else owners[name] = layer;
        }
    }

    /// <summary>A model whose every layer with weights is frozen has nothing to train.</summary>
    private static void CheckTrainable(ModelSpec spec, List<LayerSpec> layers, List<DiagnosticInfo> diagnostics)
    {
        var weighted = layers.Where(layer => layer.HasWeights).ToList();
        if (weighted.Count == 0 || weighted.Any(layer => layer.Trainable)) return;
        var names = Planning.LayerNames.Assign(layers);
        string frozen = string.Join(", ", layers.Select((layer, i) => (layer, i)).Where(item => item.layer.HasWeights)
            .Select(item => names[item.i]));
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NothingTrainable, spec.Location, spec.ClassName, frozen));
    }

    /// <summary>The first [Input]; extra inputs and layers written before it are errors.</summary>
    private static InputSpec? FindInput(ModelSpec spec, List<LayerSpec> all, List<DiagnosticInfo> diagnostics)
    {
        var inputs = all.OfType<InputSpec>().ToList();
        if (inputs.Count == 0)
        {
            if (!spec.HasMalformedAttributes && !spec.Layers.Any(layer => layer is ReuseSpec))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingInput, spec.Location, spec.ClassName));
            return null;
        }
        var first = inputs[0];
        foreach (var extra in inputs.Skip(1))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateInput, extra.Location, extra.Display, spec.ClassName, first.Display));
            InputShape(extra, diagnostics);
        }
        foreach (var early in all.TakeWhile(layer => !ReferenceEquals(layer, first)))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerBeforeInput, early.Location, early.Display, first.Display));
        return first;
    }

    /// <summary>Rank 1 or rank 3, every dimension positive, and a size that fits an int.</summary>
    private static Shape? InputShape(InputSpec input, List<DiagnosticInfo> diagnostics)
    {
        string? problem = null;
        int rank = input.Dims.Count;
        if (rank != 1 && rank != 3)
            problem = "give 1 dimension (a vector) or 3 (height, width, channels), not " + Literals.Int(rank);
        else
        {
            long size = 1;
            for (int i = 0; i < rank && problem is null; i++)
            {
                if (input.Dims[i] <= 0)
                    problem = "every dimension must be positive, but " + DimensionName(i, rank) + " is " + Literals.Int(input.Dims[i]);
                else if ((size *= input.Dims[i]) > int.MaxValue)
                    problem = "one row would hold more than " + Literals.Int(int.MaxValue) + " values";
            }
        }
        if (problem is null) return new Shape(input.Dims);
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidInputShape, input.Location, input.Display, problem));
        return null;
    }

    private static string DimensionName(int index, int rank) =>
        rank == 1 ? "the size" : index switch { 0 => "the height", 1 => "the width", _ => "the channel count" };

    /// <summary>Cross-entropy losses need outputs they can score: several units for categorical, and
    /// no softmax over several units for binary.</summary>
    private static void CheckLoss(ModelSpec spec, List<ShapedLayer> layers, List<DiagnosticInfo> diagnostics)
    {
        if (!ContractNames.IsDefined(spec.Loss)) return;
        var output = layers[layers.Count - 1].Output;
        var last = OutputLayer(layers);
        string loss = ContractNames.CSharp(spec.Loss);
        string? problem = null;
        if ((spec.Loss == Loss.CategoricalCrossentropy || spec.Loss == Loss.SparseCategoricalCrossentropy) && output.Size == 1)
            problem = "it needs one output unit per class (at least 2); for two classes use Loss.BinaryCrossentropy with Dense(1, Activation.Sigmoid)";
        else if (spec.Loss == Loss.BinaryCrossentropy && output.Size > 1 && last.OutputActivation == Activation.Softmax)
            problem = "softmax outputs compete (they sum to 1) while binary cross-entropy scores each unit on its own; use Loss.CategoricalCrossentropy, or Activation.Sigmoid for independent labels";
        if (problem is not null)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LossDoesNotFitOutput, spec.Location, loss, output.ToString(), last.Description, problem));
    }

    /// <summary>The layer whose activation the model outputs: the last one, looking back through layers that are the
    /// identity at inference (Dropout, augmentation).</summary>
    private static LayerSpec OutputLayer(IReadOnlyList<ShapedLayer> layers)
    {
        for (int i = layers.Count - 1; i >= 0; i--)
            if (!layers[i].Layer.IsTrainingOnly) return layers[i].Layer;
        return layers[layers.Count - 1].Layer;
    }
}
