using static NeuralDsl.Onnx.OnnxGraph;

namespace NeuralDsl.Onnx.Layers;

/// <summary>Flatten: an NCHW image becomes a channels-first vector (ONNX's Flatten), which the Dense after it reads by
/// reordering its kernel; a value in NeuralDsl's order is flattened as it is; a vector stays as it is.</summary>
internal sealed class OnnxFlatten : OnnxLayer<FlattenDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, FlattenDescription description)
    {
        var input = layer.Input;
        if (input.Shape.Length == 1) return input with { Shape = layer.Layer.OutputShape };
        string rows = graph.Node("Flatten", layer.Layer.Name, [input.Name], Attribute("axis", 1L));
        return input.Layout == OnnxLayout.ChannelsFirst
            ? new OnnxValue(rows, OnnxLayout.FlatChannelsFirst, layer.Layer.OutputShape, input.Shape)
            : new OnnxValue(rows, OnnxLayout.Natural, layer.Layer.OutputShape);
    }
}
