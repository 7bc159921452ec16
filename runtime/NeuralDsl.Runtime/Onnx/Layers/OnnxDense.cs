namespace NeuralDsl.Onnx.Layers;

/// <summary>Dense as Gemm (MatMul without a bias), kernel [inputs, units] as it is. Reading an image flattened channels-first
/// (<see cref="OnnxLayout.FlatChannelsFirst"/>), its kernel rows are reordered to that order instead of transposing the values.</summary>
internal sealed class OnnxDense : OnnxLayer<DenseDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, DenseDescription description)
    {
        var input = layer.Input.Layout == OnnxLayout.FlatChannelsFirst ? layer.Input : graph.Natural(layer.Input);
        var kernel = layer.Require("kernel");
        int inputs = kernel.Shape[0], units = kernel.Shape[1];
        ReadOnlySpan<float> values = layer.Values(kernel);
        if (input.Layout == OnnxLayout.FlatChannelsFirst)
        {
            var reordered = new float[values.Length];
            int height = input.Image![0], width = input.Image[1], channels = input.Image[2];
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < height; y++)
                    for (int x = 0; x < width; x++)
                    {
                        int from = ((y * width) + x) * channels + c, to = ((c * height) + y) * width + x;
                        values.Slice(from * units, units).CopyTo(reordered.AsSpan(to * units, units));
                    }
            values = reordered;
        }

        string name = layer.Layer.Name;
        string weights = graph.Initializer(kernel.Name, [inputs, units], values);
        string product = layer.Find("bias") is { } bias
            ? graph.Node("Gemm", name + "_linear", [input.Name, weights, graph.Initializer(bias.Name, [units], layer.Values(bias))])
            : graph.Node("MatMul", name + "_linear", [input.Name, weights]);
        return OnnxActivation.Apply(graph, new OnnxValue(product, OnnxLayout.Natural, [units]), description.Activation, name);
    }
}
