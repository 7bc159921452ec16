using static NeuralDsl.Onnx.OnnxGraph;

namespace NeuralDsl.Onnx.Layers;

/// <summary>Activation, and the activation Dense and Conv2D apply: one ONNX operator each (Linear none), with Keras's
/// constants (LeakyRelu's slope 0.2, Elu's alpha 1). Softmax is over the whole row, the one axis of a vector.</summary>
internal sealed class OnnxActivation : OnnxLayer<ActivationDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, ActivationDescription description) =>
        Apply(graph, layer.Input, description.Activation, layer.Layer.Name);

    /// <summary><paramref name="value"/> through <paramref name="activation"/>, named <paramref name="name"/>; the layout is kept
    /// (every activation but softmax is element-wise, and softmax over a vector does not mind the order of its values).</summary>
    public static OnnxValue Apply(OnnxGraph graph, OnnxValue value, Activation activation, string name)
    {
        string[] input = [value.Name];
        string? output = activation switch
        {
            Activation.Linear => null,
            Activation.Relu => graph.Node("Relu", name, input),
            Activation.LeakyRelu => graph.Node("LeakyRelu", name, input, Attribute("alpha", 0.2f)),
            Activation.Elu => graph.Node("Elu", name, input, Attribute("alpha", 1f)),
            Activation.Sigmoid => graph.Node("Sigmoid", name, input),
            Activation.Tanh => graph.Node("Tanh", name, input),
            Activation.Softmax => graph.Node("Softmax", name, input, Attribute("axis", -1L)),
            Activation.Softplus => graph.Node("Softplus", name, input),
            _ => throw new InvalidOperationException($"Layer '{name}': activation {activation} has no ONNX operator here."),
        };
        return output is null ? value : value with { Name = output };
    }
}
