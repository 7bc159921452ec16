namespace NeuralDsl.Cpu;

/// <summary>Inverted dropout. The mask holds the scale per value (0 or 1 / (1 − rate)), so forward and
/// backward are the same element-wise product.</summary>
public static class DropoutKernels
{
    /// <summary>Draws a fresh mask: each value is dropped with probability <paramref name="rate"/>.</summary>
    public static void SampleMask(Span<float> mask, float rate, RandomSource random)
    {
        float keep = 1f / (1f - rate);
        foreach (ref float m in mask) m = random.NextFloat() < rate ? 0f : keep;
    }

    /// <summary><c>output = input ⊙ mask</c> (forward), or the same for gradients (backward).</summary>
    public static void Apply(ReadOnlySpan<float> input, ReadOnlySpan<float> mask, Span<float> output) =>
        VectorOps.Multiply(input, mask, output);
}
