namespace NeuralDsl.Generators.Reading;

/// <summary>
/// The kernel's penalty as written: <c>KernelRegularizer</c>, <c>L1</c> and <c>L2</c>, each null when not written. The
/// one place that says which regularizer applies and with which factors: a factor written without a regularizer implies
/// it, as Keras's <c>kernel_regularizer=l2(0.5)</c> (L1 alone → L1, L2 alone → L2, both → L1L2); a regularizer written
/// alone takes Keras's default factor (0.01).
/// </summary>
internal sealed record RegularizerChoice(Regularizer? WrittenKind, double? WrittenL1, double? WrittenL2)
{
    /// <summary>The regularizer that applies: the written one, else the one the written factors imply.</summary>
    public Regularizer Kind => WrittenKind ?? KindUsing(WrittenL1 is not null, WrittenL2 is not null);

    /// <summary>The L1 factor of the penalty: 0 when <see cref="Kind"/> does not use it, the default when not written.</summary>
    public double L1 => UsesL1(Kind) ? WrittenL1 ?? LayerDefaults.L1 : 0;

    /// <summary>The L2 factor of the penalty: 0 when <see cref="Kind"/> does not use it, the default when not written.</summary>
    public double L2 => UsesL2(Kind) ? WrittenL2 ?? LayerDefaults.L2 : 0;

    /// <summary>True when a factor is written that the written regularizer does not use: an error, never ignored.</summary>
    public bool IgnoresL1 => WrittenL1 is not null && !UsesL1(Kind);

    /// <summary>True when <c>L2</c> is written and the written regularizer does not use it.</summary>
    public bool IgnoresL2 => WrittenL2 is not null && !UsesL2(Kind);

    /// <summary>The regularizer that would use every factor written and the ones the written regularizer uses: the fix
    /// for a factor it ignores.</summary>
    public Regularizer KindUsingEveryFactor =>
        KindUsing(UsesL1(Kind) || WrittenL1 is not null, UsesL2(Kind) || WrittenL2 is not null);

    public static bool UsesL1(Regularizer kind) => kind is Regularizer.L1 or Regularizer.L1L2;

    public static bool UsesL2(Regularizer kind) => kind is Regularizer.L2 or Regularizer.L1L2;

    private static Regularizer KindUsing(bool l1, bool l2) =>
        l1 && l2 ? Regularizer.L1L2 : l1 ? Regularizer.L1 : l2 ? Regularizer.L2 : LayerDefaults.KernelRegularizer;
}
