using NeuralDsl.Onnx.Layers;

namespace NeuralDsl.Onnx;

/// <summary>The exporter of each kind of layer, by <see cref="LayerInfo.Type"/>: the one table a new kind is added to.</summary>
internal static class OnnxLayers
{
    private static readonly OnnxPooling2D s_pooling = new();
    private static readonly OnnxGlobalPooling2D s_globalPooling = new();

    private static readonly Dictionary<string, IOnnxLayer> s_byType = new(StringComparer.Ordinal)
    {
        ["Dense"] = new OnnxDense(),
        ["Conv2D"] = new OnnxConv2D(),
        ["MaxPooling2D"] = s_pooling,
        ["AveragePooling2D"] = s_pooling,
        ["GlobalAveragePooling2D"] = s_globalPooling,
        ["GlobalMaxPooling2D"] = s_globalPooling,
        ["Flatten"] = new OnnxFlatten(),
        ["Activation"] = new OnnxActivation(),
        ["BatchNormalization"] = new OnnxBatchNormalization(),
        ["Add"] = new OnnxAdd(),
        ["Concatenate"] = new OnnxConcatenate(),
        ["ZeroPadding2D"] = new OnnxZeroPadding2D(),
        ["Dropout"] = new OnnxInferenceIdentity<DropoutDescription>(),
        ["RandomFlip"] = new OnnxInferenceIdentity<RandomFlipDescription>(),
        ["RandomTranslation"] = new OnnxInferenceIdentity<RandomTranslationDescription>(),
    };

    public static IOnnxLayer For(LayerInfo layer) =>
        s_byType.TryGetValue(layer.Type, out var exporter)
            ? exporter
            : throw new InvalidOperationException($"Layer '{layer.Name}' is a {layer.Type}, which has no ONNX export.");
}
