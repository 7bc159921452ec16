using static NeuralDsl.Onnx.OnnxGraph;

namespace NeuralDsl.Onnx.Layers;

/// <summary>Concatenate on the channel axis: axis 1 of NCHW images, the last axis of values in NeuralDsl's order.</summary>
internal sealed class OnnxConcatenate : OnnxLayer<ConcatenateDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, ConcatenateDescription description)
    {
        var inputs = layer.Inputs[0].IsImage ? layer.Inputs.Select(graph.ChannelsFirst).ToList() : layer.Inputs.Select(graph.Natural).ToList();
        var layout = inputs[0].Layout;
        string joined = graph.Node("Concat", layer.Layer.Name, inputs.Select(v => v.Name), Attribute("axis", layout == OnnxLayout.ChannelsFirst ? 1L : -1L));
        return new OnnxValue(joined, layout, layer.Layer.OutputShape);
    }
}
