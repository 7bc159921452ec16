using static NeuralDsl.Onnx.OnnxGraph;

namespace NeuralDsl.Onnx.Layers;

/// <summary>GlobalAveragePooling2D and GlobalMaxPooling2D as GlobalAveragePool / GlobalMaxPool on NCHW, whose
/// [N, C, 1, 1] a Flatten makes the [N, C] vector NeuralDsl has.</summary>
internal sealed class OnnxGlobalPooling2D : OnnxLayer<GlobalPooling2DDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, GlobalPooling2DDescription description)
    {
        var input = graph.ChannelsFirst(layer.Input);
        string name = layer.Layer.Name;
        string pooled = graph.Node(description.IsMax ? "GlobalMaxPool" : "GlobalAveragePool", name + "_pooled", [input.Name]);
        string rows = graph.Node("Flatten", name, [pooled], Attribute("axis", 1L));
        return new OnnxValue(rows, OnnxLayout.Natural, layer.Layer.OutputShape);
    }
}
