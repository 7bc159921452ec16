namespace NeuralDsl;

/// <summary>What the generator knows about a model at compile time, handed to the runtime once. <c>ParameterCount</c> is
/// the length of the parameter buffer: every tensor, weights and state (Keras's "Total params").</summary>
public sealed record ModelInfo(
    string Name,
    int[] InputShape,
    int InputSize,
    int OutputSize,
    int ParameterCount,
    Loss Loss,
    Metric Metrics,
    IReadOnlyList<LayerInfo> Layers)
{
    /// <summary>All parameter tensors in buffer order, weights and state.</summary>
    public IEnumerable<SafeTensor> Tensors => Layers.SelectMany(layer => layer.Tensors);

    /// <summary>True when accuracy, precision and recall are binary (one output, or binary cross-entropy).</summary>
    public bool IsBinary => OutputSize == 1 || Loss == Loss.BinaryCrossentropy;
}
