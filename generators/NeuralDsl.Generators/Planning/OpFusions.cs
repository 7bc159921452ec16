namespace NeuralDsl.Generators.Planning;

/// <summary>The fusions planning decided for one layer, which its kind's op records: its activation fused with the loss
/// (<see cref="FusedWithLoss"/>), the Dropout fused into a Dense (<see cref="FusedDropout"/>, on the Dense), the
/// BatchNormalization folded into a Conv2D at inference (<see cref="FoldedNormalization"/>, on the Conv2D), the Add after
/// it or after the Conv2D itself (<see cref="FoldedAdd"/>) and the activation layer after those
/// (<see cref="FoldedActivation"/>), or the layer a Dropout, BatchNormalization, Add or activation is fused into
/// (<see cref="FusedInto"/>, on the Dropout, BatchNormalization, Add, activation or MaxPooling2D); the MaxPooling2D
/// a Conv2D computes in its forward and backward passes (<see cref="PooledBy"/>, on the Conv2D).</summary>
internal sealed record OpFusions(bool FusedWithLoss, DropoutOp? FusedDropout, string? FusedInto, BatchNormalizationOp? FoldedNormalization = null,
    ActivationOp? FoldedActivation = null, PoolOp? PooledBy = null, AddOp? FoldedAdd = null);
