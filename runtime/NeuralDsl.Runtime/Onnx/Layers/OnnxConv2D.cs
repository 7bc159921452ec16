using static NeuralDsl.Onnx.OnnxGraph;

namespace NeuralDsl.Onnx.Layers;

/// <summary>Conv2D as Conv on NCHW, the kernel converted HWIO → OIHW, Keras's padding as explicit pads (its "same" puts
/// the odd row and column at the bottom and right, which auto_pad's SAME_UPPER would too, but explicit pads say it).</summary>
internal sealed class OnnxConv2D : OnnxLayer<Conv2DDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, Conv2DDescription description)
    {
        var input = graph.ChannelsFirst(layer.Input);
        var kernel = layer.Require("kernel");
        int height = kernel.Shape[0], width = kernel.Shape[1], filters = kernel.Shape[3];
        var oihw = new float[kernel.Length];
        TensorConversion.OihwToHwio.Invert(layer.Values(kernel), kernel.Shape, oihw);

        string name = layer.Layer.Name;
        List<string> operands = [input.Name, graph.Initializer(kernel.Name, TensorConversion.OihwToHwio.FileShape(kernel.Shape), oihw)];
        if (layer.Find("bias") is { } bias) operands.Add(graph.Initializer(bias.Name, [filters], layer.Values(bias)));
        var pads = description.Pads;
        string conv = graph.Node("Conv", name + "_linear", operands,
            Attribute("kernel_shape", height, width),
            Attribute("strides", description.Stride, description.Stride),
            Attribute("pads", pads.Top, pads.Left, pads.Bottom, pads.Right));
        return OnnxActivation.Apply(graph, new OnnxValue(conv, OnnxLayout.ChannelsFirst, layer.Layer.OutputShape), description.Activation, name);
    }
}
