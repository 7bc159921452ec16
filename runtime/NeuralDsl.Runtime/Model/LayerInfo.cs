namespace NeuralDsl;

/// <summary>One layer as the generator planned it: its Keras-style name, type, output shape (without the
/// batch dimension), parameter count (every tensor, state included, as Keras counts), the tensors it owns in the model's
/// parameter buffer (weights and state, each with its <see cref="SafeTensor.Role"/>), and whether it starts trainable
/// (false for a layer declared with <c>Trainable = false</c>, or reused frozen). <see cref="Inputs"/> are the indices in
/// <see cref="ModelInfo.Layers"/> of the layers it reads, its main input first, -1 for the model's input (null: the layer
/// before it); <see cref="Description"/> what it computes (null only for a layer the generator did not make).</summary>
public sealed record LayerInfo(
    string Name,
    string Type,
    int[] OutputShape,
    int ParameterCount,
    IReadOnlyList<SafeTensor> Tensors,
    bool Trainable = true,
    int[]? Inputs = null,
    LayerDescription? Description = null);
