namespace NeuralDsl.Onnx;

/// <summary>What a layer's exporter reads: the layer, the graph values of its inputs (main input first), and the
/// model's parameter buffer, from which it takes its tensors by their suffix (<c>kernel</c>, <c>bias</c>, <c>gamma</c>…).</summary>
internal sealed class OnnxLayerInput(LayerInfo layer, IReadOnlyList<OnnxValue> inputs, ReadOnlyMemory<float> parameters)
{
    public LayerInfo Layer { get; } = layer;

    public IReadOnlyList<OnnxValue> Inputs { get; } = inputs;

    public OnnxValue Input => Inputs[0];

    /// <summary>The layer's tensor <c>&lt;layer&gt;/<paramref name="suffix"/></c>, or null when it has none (a layer without bias).</summary>
    public SafeTensor? Find(string suffix) =>
        Layer.Tensors.FirstOrDefault(t => t.Name.EndsWith("/" + suffix, StringComparison.Ordinal));

    /// <summary>The tensor's values.</summary>
    public ReadOnlySpan<float> Values(SafeTensor tensor) => parameters.Span.Slice(tensor.Offset, tensor.Length);

    /// <summary>The layer's tensor that it cannot be without, or an error naming the layer.</summary>
    public SafeTensor Require(string suffix) =>
        Find(suffix) ?? throw new InvalidOperationException($"Layer '{Layer.Name}' ({Layer.Type}) has no tensor '{Layer.Name}/{suffix}' to export.");
}
