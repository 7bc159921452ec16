namespace NeuralDsl.Onnx.Layers;

/// <summary>Dropout, RandomFlip and RandomTranslation: they act only in training, so the exported graph has no node for
/// them and their readers read their input.</summary>
internal sealed class OnnxInferenceIdentity<TDescription> : OnnxLayer<TDescription>
    where TDescription : LayerDescription
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, TDescription description) => layer.Input;
}
