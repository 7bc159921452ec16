namespace NeuralDsl.Onnx;

/// <summary>Writes one kind of layer into the ONNX graph (one class per kind under Layers/, registered in
/// <see cref="OnnxLayers"/>) and returns the value holding its output.</summary>
internal interface IOnnxLayer
{
    /// <summary>The description the generator gives the layers this exports (what <see cref="OnnxLayers"/> looks them up by).</summary>
    Type Describes { get; }

    OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer);
}

/// <summary>An exporter of the layers described by <typeparamref name="TDescription"/>.</summary>
internal abstract class OnnxLayer<TDescription> : IOnnxLayer
    where TDescription : LayerDescription
{
    public Type Describes => typeof(TDescription);

    public OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer) =>
        layer.Layer.Description is TDescription description
            ? Export(graph, layer, description)
            : throw new InvalidOperationException(
                $"Layer '{layer.Layer.Name}' ({layer.Layer.Type}) carries {layer.Layer.Description?.GetType().Name ?? "no description"}, not the {typeof(TDescription).Name} its ONNX export needs.");

    protected abstract OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, TDescription description);
}
