using NeuralDsl.Onnx.Layers;

namespace NeuralDsl.Onnx;

/// <summary>The exporter of each kind of layer, found by the type of the <see cref="LayerDescription"/> the generator gives
/// the layer: the one list a new kind is added to.</summary>
internal static class OnnxLayers
{
    private static readonly Dictionary<Type, IOnnxLayer> s_byDescription = new IOnnxLayer[]
    {
        new OnnxDense(),
        new OnnxConv2D(),
        new OnnxPooling2D(),
        new OnnxGlobalPooling2D(),
        new OnnxFlatten(),
        new OnnxActivation(),
        new OnnxBatchNormalization(),
        new OnnxAdd(),
        new OnnxConcatenate(),
        new OnnxZeroPadding2D(),
        new OnnxInferenceIdentity<DropoutDescription>(),
        new OnnxInferenceIdentity<RandomFlipDescription>(),
        new OnnxInferenceIdentity<RandomTranslationDescription>(),
    }.ToDictionary(exporter => exporter.Describes);

    public static IOnnxLayer For(LayerInfo layer) =>
        layer.Description is { } description && s_byDescription.TryGetValue(description.GetType(), out var exporter)
            ? exporter
            : throw new InvalidOperationException(
                $"Layer '{layer.Name}' is a {layer.Type} {(layer.Description is null ? "without a description (a model compiled by an older generator)" : "of a kind with no ONNX export")}; rebuild the model's project to export it.");
}
