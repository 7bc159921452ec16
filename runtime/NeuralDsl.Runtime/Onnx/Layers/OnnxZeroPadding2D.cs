namespace NeuralDsl.Onnx.Layers;

/// <summary>ZeroPadding2D as Pad (constant zeros) on NCHW, pads [0, 0, top, left, 0, 0, bottom, right].</summary>
internal sealed class OnnxZeroPadding2D : OnnxLayer<ZeroPadding2DDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, ZeroPadding2DDescription description)
    {
        var input = graph.ChannelsFirst(layer.Input);
        var p = description.Pads;
        string name = layer.Layer.Name;
        string padded = graph.Node("Pad", name, [input.Name, graph.Int64Initializer(name + "/pads", 0, 0, p.Top, p.Left, 0, 0, p.Bottom, p.Right)]);
        return new OnnxValue(padded, OnnxLayout.ChannelsFirst, layer.Layer.OutputShape);
    }
}
