namespace NeuralDsl;

/// <summary>One layer as the generator planned it: its Keras-style name, type, output shape (without the
/// batch dimension), parameter count (every tensor, state included, as Keras counts), the tensors it owns in the model's
/// parameter buffer (weights and state, each with its <see cref="SafeTensor.Role"/>), and whether it starts trainable
/// (false for a layer declared with <c>Trainable = false</c>, or reused frozen).</summary>
public sealed record LayerInfo(string Name, string Type, int[] OutputShape, int ParameterCount, IReadOnlyList<SafeTensor> Tensors, bool Trainable = true);
