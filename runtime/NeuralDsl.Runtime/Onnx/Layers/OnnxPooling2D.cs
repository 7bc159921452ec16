using static NeuralDsl.Onnx.OnnxGraph;

namespace NeuralDsl.Onnx.Layers;

/// <summary>MaxPooling2D and AveragePooling2D as MaxPool and AveragePool on NCHW with explicit pads; average pooling
/// divides by the values inside the image only (count_include_pad 0), as Keras's "same" does.</summary>
internal sealed class OnnxPooling2D : OnnxLayer<Pooling2DDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, Pooling2DDescription description)
    {
        var input = graph.ChannelsFirst(layer.Input);
        var pads = description.Pads;
        List<Proto.AttributeProto> attributes =
        [
            Attribute("kernel_shape", description.PoolHeight, description.PoolWidth),
            Attribute("strides", description.Stride, description.Stride),
            Attribute("pads", pads.Top, pads.Left, pads.Bottom, pads.Right),
        ];
        if (!description.IsMax) attributes.Add(Attribute("count_include_pad", 0L));
        string pool = graph.Node(description.IsMax ? "MaxPool" : "AveragePool", layer.Layer.Name, [input.Name], [.. attributes]);
        return new OnnxValue(pool, OnnxLayout.ChannelsFirst, layer.Layer.OutputShape);
    }
}
