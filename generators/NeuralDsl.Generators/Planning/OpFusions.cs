namespace NeuralDsl.Generators.Planning;

/// <summary>The fusions planning decided for one layer, which its kind's op records: its activation fused with the loss
/// (<see cref="FusedWithLoss"/>), the Dropout fused into a Dense (<see cref="FusedDropout"/>, on the Dense), the
/// BatchNormalization folded into a Conv2D at inference (<see cref="FoldedNormalization"/>, on the Conv2D), or the layer
/// a Dropout or BatchNormalization is fused into (<see cref="FusedInto"/>, on the Dropout or BatchNormalization).</summary>
internal sealed record OpFusions(bool FusedWithLoss, DropoutOp? FusedDropout, string? FusedInto, BatchNormalizationOp? FoldedNormalization = null);
