namespace NeuralDsl;

/// <summary>
/// A named tensor stored as a slice of one flat float buffer; <c>Offset</c> and
/// <c>Length</c> count floats. Models keep all parameters in one buffer, so a list of
/// these describes the whole checkpoint layout. <c>Role</c> says whether the optimizer
/// steps it (<see cref="TensorRole.Weight"/>) or the forward pass keeps it
/// (<see cref="TensorRole.State"/>); files store every tensor alike, without it.
/// </summary>
public sealed record SafeTensor(string Name, int[] Shape, int Offset, int Length, TensorRole Role = TensorRole.Weight);
