namespace NeuralDsl;

/// <summary>Held-out rows evaluated after every epoch: features <c>rows × InputSize</c> and targets <c>rows × OutputSize</c>
/// (or one class label per row for sparse categorical cross-entropy).</summary>
public sealed record ValidationData(float[] X, float[] Y);
