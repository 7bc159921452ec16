namespace NeuralDsl;

/// <summary>One layer as the generator planned it: its Keras-style name, type, output shape (without the
/// batch dimension), parameter count and the tensors it owns in the model's parameter buffer.</summary>
public sealed record LayerInfo(string Name, string Type, int[] OutputShape, int ParameterCount, IReadOnlyList<SafeTensor> Tensors);
