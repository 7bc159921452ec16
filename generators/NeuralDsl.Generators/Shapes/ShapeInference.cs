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
        CheckNames(layers, diagnostics);
        CheckTrainable(spec, layers, diagnostics);

        var inputShape = InputShape(input, diagnostics);
        var shaped = new List<ShapedLayer>();
        if (inputShape is not null)
        {
            Shape? current = inputShape;
            LayerSpec producer = input;
            foreach (var layer in layers)
            {
                var output = Propagate(layer, current, producer, diagnostics, out var window);
                if (output is null) break; // the shape is unknown from here on; option checks already ran
                shaped.Add(new ShapedLayer(layer, current, output, window));
                current = output;
                producer = layer;
            }
            if (shaped.Count == layers.Count && layers.Count > 0)
                CheckLoss(spec, shaped, diagnostics);
        }

        bool allShaped = inputShape is not null && layers.Count > 0 && shaped.Count == layers.Count;
        return new ShapedModel(spec, inputShape, shaped.ToEquatableArray(), allShaped, diagnostics.ToEquatableArray());
    }

    /// <summary>The layers as written with a [Reuse] replaced by the input and layers it reuses. A [Reuse] must come first
    /// and replaces [Input]; one that does not is reported and left out.</summary>
    private static List<LayerSpec> Expand(ModelSpec spec, List<DiagnosticInfo> diagnostics)
    {
        var all = new List<LayerSpec>();
        for (int i = 0; i < spec.Layers.Count; i++)
        {
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

    /// <summary>Names written with <c>Name = "..."</c> (or reused) must differ; numbered names skip them already.</summary>
    private static void CheckNames(List<LayerSpec> layers, List<DiagnosticInfo> diagnostics)
    {
        var owners = new Dictionary<string, LayerSpec>(System.StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (layer.Name is not { } name) continue;
            if (owners.TryGetValue(name, out var owner))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateLayerName, layer.Location, layer.Display, name, owner.Display));
            else owners[name] = layer;
        }
    }

    /// <summary>A model whose every layer with weights is frozen has nothing to train.</summary>
    private static void CheckTrainable(ModelSpec spec, List<LayerSpec> layers, List<DiagnosticInfo> diagnostics)
    {
        var weighted = layers.Where(layer => layer.WeightOptions is not null).ToList();
        if (weighted.Count == 0 || weighted.Any(layer => layer.WeightOptions!.Trainable)) return;
        var names = Planning.LayerNames.Assign(layers);
        string frozen = string.Join(", ", layers.Select((layer, i) => (layer, i)).Where(item => item.layer.WeightOptions is not null)
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

    /// <summary>The shape a layer produces from <paramref name="current"/>, or null when it is unknown; a convolution's
    /// or pooling's window over <paramref name="current"/> comes out with it.</summary>
    private static Shape? Propagate(LayerSpec layer, Shape current, LayerSpec producer, List<DiagnosticInfo> diagnostics, out Window? window)
    {
        window = null;
        switch (layer)
        {
            case DenseSpec dense:
                if (!current.IsVector)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DenseNeedsVector, dense.Location, dense.Display, current.ToString(), producer.Kind));
                if (dense.Units <= 0) return null;
                var output = Shape.Vector(dense.Units);
                if (dense.Activation == Activation.Softmax && dense.Units == 1)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnOneUnit, dense.Location, dense.Description, output.ToString()));
                return output;
            case ActivationSpec activation:
                if (activation.Activation == Activation.Softmax)
                {
                    if (!current.IsVector)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxNeedsVector, activation.Location, activation.Display, current.ToString(), producer.Kind));
                    else if (current.Size == 1)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnOneUnit, activation.Location, activation.Display, current.ToString()));
                }
                return current;
            case DropoutSpec:
                return current;
            case FlattenSpec:
                return current.IsVector ? current : Shape.Vector(current.Size); // a no-op on a vector, as in Keras
            case Conv2DSpec conv:
                {
                    bool valid = conv.Filters > 0 && conv.KernelHeight > 0 && conv.KernelWidth > 0 && conv.Strides > 0 && ContractNames.IsDefined(conv.Padding);
                    window = Slide(conv, current, producer, conv.KernelHeight, conv.KernelWidth, conv.Strides, conv.Padding, valid, diagnostics);
                    if (window is null) return null;
                    var convOutput = Output(conv, current, producer, window, conv.Filters, diagnostics);
                    if (convOutput is null) return null;
                    long kernelLength = (long)conv.KernelHeight * conv.KernelWidth * window.InputChannels * conv.Filters;
                    if (kernelLength > int.MaxValue)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOutputSize, conv.Location, conv.Display, current.ToString(), producer.Kind,
                            convOutput.ToString(), "its kernel would hold " + kernelLength.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                            " weights, more than " + Literals.Int(int.MaxValue)));
                        return null;
                    }
                    if (conv.Activation == Activation.Softmax)
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxNeedsVector, conv.Location, conv.Description, convOutput.ToString(), conv.Kind));
                    return convOutput;
                }
            case Pooling2DSpec pooling:
                {
                    bool valid = pooling.PoolHeight > 0 && pooling.PoolWidth > 0 && pooling.Strides >= 0 && ContractNames.IsDefined(pooling.Padding);
                    window = Slide(pooling, current, producer, pooling.PoolHeight, pooling.PoolWidth, PoolingStride(pooling), pooling.Padding, valid, diagnostics);
                    return window is null ? null : Output(pooling, current, producer, window, window.InputChannels, diagnostics);
                }
            default:
                return null;
        }
    }

    /// <summary>Pooling strides default to the pool size (Keras's <c>strides=None</c>); both directions share one stride.</summary>
    private static int PoolingStride(Pooling2DSpec pooling) => pooling.Strides != 0 ? pooling.Strides : pooling.PoolHeight;

    /// <summary>The window of a convolution or pooling layer over <paramref name="current"/>, or null (with a
    /// diagnostic unless its options were already reported) when it cannot slide there.</summary>
    private static Window? Slide(LayerSpec layer, Shape current, LayerSpec producer, int height, int width, int stride, Padding padding,
        bool optionsValid, List<DiagnosticInfo> diagnostics)
    {
        if (current.Rank != 3)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowNeedsImage, layer.Location, layer.Display, current.ToString(), producer.Kind));
            return null;
        }
        if (!optionsValid) return null; // NDSL014 / NDSL020 already name the option
        var window = Window.Create(current, height, width, stride, padding == Padding.Same);
        if (window is null)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WindowLargerThanInput, layer.Location, layer.Display,
                Literals.Int(height) + "\u00D7" + Literals.Int(width), current.ToString(), producer.Kind));
        return window;
    }

    /// <summary>outputHeight × outputWidth × channels, or null when it has no values or more than an int counts.</summary>
    private static Shape? Output(LayerSpec layer, Shape current, LayerSpec producer, Window window, int channels, List<DiagnosticInfo> diagnostics)
    {
        var output = new Shape(EquatableArray.Of(window.OutputHeight, window.OutputWidth, channels));
        long size = (long)window.OutputHeight * window.OutputWidth * channels;
        if (size >= 1 && size <= int.MaxValue) return output;
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOutputSize, layer.Location, layer.Display, current.ToString(), producer.Kind,
            output.ToString(), size < 1
                ? "a layer's output must hold at least one value"
                : "one row would hold " + size.ToString(System.Globalization.CultureInfo.InvariantCulture) + " values, more than " + Literals.Int(int.MaxValue)));
        return null;
    }

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

    /// <summary>The layer whose activation the model outputs: the last one, looking through trailing dropout.</summary>
    private static LayerSpec OutputLayer(IReadOnlyList<ShapedLayer> layers)
    {
        for (int i = layers.Count - 1; i >= 0; i--)
            if (layers[i].Layer is not DropoutSpec) return layers[i].Layer;
        return layers[layers.Count - 1].Layer;
    }
}
