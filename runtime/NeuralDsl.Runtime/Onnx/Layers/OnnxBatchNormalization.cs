using static NeuralDsl.Onnx.OnnxGraph;

namespace NeuralDsl.Onnx.Layers;

/// <summary>BatchNormalization with its moving statistics (inference): on an image ONNX's BatchNormalization over NCHW's
/// channel axis; on a vector folded into one Mul and one Add, <c>x · scale + shift</c> with
/// <c>scale = gamma / √(moving_variance + epsilon)</c> and <c>shift = beta − moving_mean · scale</c>.</summary>
internal sealed class OnnxBatchNormalization : OnnxLayer<BatchNormalizationDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, BatchNormalizationDescription description)
    {
        string name = layer.Layer.Name;
        var mean = layer.Require("moving_mean");
        var variance = layer.Require("moving_variance");
        int channels = mean.Length;
        var gamma = new float[channels];
        var beta = new float[channels];
        if (layer.Find("gamma") is { } g) layer.Values(g).CopyTo(gamma);
        else gamma.AsSpan().Fill(1f);
        if (layer.Find("beta") is { } b) layer.Values(b).CopyTo(beta);

        if (layer.Input.IsImage)
        {
            var input = graph.ChannelsFirst(layer.Input);
            string normalized = graph.Node("BatchNormalization", name,
                [input.Name, graph.Initializer(name + "/gamma", [channels], gamma), graph.Initializer(name + "/beta", [channels], beta),
                 graph.Initializer(mean.Name, [channels], layer.Values(mean)), graph.Initializer(variance.Name, [channels], layer.Values(variance))],
                Attribute("epsilon", (float)description.Epsilon));
            return new OnnxValue(normalized, OnnxLayout.ChannelsFirst, layer.Layer.OutputShape);
        }

        var rows = graph.Natural(layer.Input);
        var scale = new float[channels];
        var shift = new float[channels];
        ReadOnlySpan<float> means = layer.Values(mean), variances = layer.Values(variance);
        for (int c = 0; c < channels; c++)
        {
            double s = gamma[c] / Math.Sqrt(variances[c] + description.Epsilon);
            scale[c] = (float)s;
            shift[c] = (float)(beta[c] - means[c] * s);
        }
        string scaled = graph.Node("Mul", name + "_scaled", [rows.Name, graph.Initializer(name + "/scale", [channels], scale)]);
        string shifted = graph.Node("Add", name, [scaled, graph.Initializer(name + "/shift", [channels], shift)]);
        return new OnnxValue(shifted, OnnxLayout.Natural, layer.Layer.OutputShape);
    }
}
