namespace NeuralDsl.Generators.Planning;

/// <summary>The fusions planning decided for one layer, which its kind's op records: its activation fused with the loss
/// (<see cref="FusedWithLoss"/>), the Dropout fused into a Dense (<see cref="FusedDropout"/>, on the Dense), or the Dense a
/// Dropout is fused into (<see cref="FusedInto"/>, on the Dropout).</summary>
internal sealed record OpFusions(bool FusedWithLoss, DropoutOp? FusedDropout, string? FusedInto);
