namespace NeuralDsl.Onnx.Layers;

/// <summary>Add as ONNX's Sum of every input, in one layout (<see cref="OnnxGraph.Agreeing"/>).</summary>
internal sealed class OnnxAdd : OnnxLayer<AddDescription>
{
    protected override OnnxValue Export(OnnxGraph graph, OnnxLayerInput layer, AddDescription description)
    {
        var inputs = graph.Agreeing(layer.Inputs);
        string sum = graph.Node("Sum", layer.Layer.Name, inputs.Select(v => v.Name));
        return inputs[0] with { Name = sum };
    }
}
