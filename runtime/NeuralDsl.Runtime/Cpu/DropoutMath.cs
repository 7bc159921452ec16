using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>Inverted dropout. The mask holds the scale per value (0 or 1 / (1 − rate)), so forward and
/// backward are the same element-wise product.</summary>
public static class DropoutMath
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

    /// <summary>
    /// Backward through a dropout fused into the layer before it, in place: dL/d(dropout output) becomes dL/dz of that
    /// layer, <c>gradient = gradient ⊙ mask ⊙ f'(z)</c>, with f' computed from the layer's output a = f(z).
    /// </summary>
    public static void BackwardThrough<TActivation>(ReadOnlySpan<float> output, ReadOnlySpan<float> mask, Span<float> gradient)
        where TActivation : struct, IActivation
    {
        int n = gradient.Length;
        ref float ar = ref MemoryMarshal.GetReference(output);
        ref float mr = ref MemoryMarshal.GetReference(mask);
        ref float gr = ref MemoryMarshal.GetReference(gradient);
        int i = 0;
        for (; i <= n - 16; i += 16)
        {
            var masked = Vector512.LoadUnsafe(ref gr, (nuint)i) * Vector512.LoadUnsafe(ref mr, (nuint)i);
            (masked * TActivation.Derivative(Vector512.LoadUnsafe(ref ar, (nuint)i))).StoreUnsafe(ref gr, (nuint)i);
        }
        for (; i < n; i++) gradient[i] = gradient[i] * mask[i] * TActivation.Derivative(output[i]);
    }
}
