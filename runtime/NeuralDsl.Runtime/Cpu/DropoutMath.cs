using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDsl.Cpu;

/// <summary>Inverted dropout. The mask holds the scale per value (0 or 1 / (1 − rate)), so forward and
/// backward are the same element-wise product.</summary>
public static class DropoutMath
{
    /// <summary>Draws a fresh mask: each value is dropped with probability <paramref name="rate"/>.</summary>
    public static void SampleMask(Span<float> mask, float rate, RandomSource random)
    {
        float keep = 1f / (1f - rate);
        random.NextFloats(mask);
        SimdDispatch.ForEach(mask.Length, new MaskStep(rate, keep, mask));
    }

    /// <summary><c>m = u &lt; rate ? 0 : keep</c> over uniform draws u, a vector at a time (a branch per value
    /// mispredicts half the time).</summary>
    private readonly ref struct MaskStep(float rate, float keep, Span<float> mask) : IElementwiseStep
    {
        private readonly ref float _mask = ref MemoryMarshal.GetReference(mask);

        public StepScalars Scalars => new(rate, keep);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, in StepScalars<TV> scalars) where TV : struct, ISimd<TV> =>
            TV.ConditionalSelect(TV.GreaterThan(scalars.First, TV.Load(in _mask, index)), TV.Zero, scalars.Second).Store(ref _mask, index);
    }

    /// <summary><c>output = input ⊙ mask</c> (forward), or the same for gradients (backward).</summary>
    public static void Apply(ReadOnlySpan<float> input, ReadOnlySpan<float> mask, Span<float> output) =>
        VectorOps.Multiply(input, mask, output);

    /// <summary>
    /// Backward through a dropout fused into the layer before it, in place: dL/d(dropout output) becomes dL/dz of that
    /// layer, <c>gradient = gradient ⊙ mask ⊙ f'(z)</c>, with f' computed from the layer's output a = f(z).
    /// </summary>
    public static void BackwardThrough<TActivation>(ReadOnlySpan<float> output, ReadOnlySpan<float> mask, Span<float> gradient)
        where TActivation : struct, IActivation =>
        SimdDispatch.ForEach(gradient.Length, new BackwardThroughStep<TActivation>(output, mask, gradient));

    private readonly ref struct BackwardThroughStep<TActivation>(ReadOnlySpan<float> output, ReadOnlySpan<float> mask, Span<float> gradient)
        : IElementwiseStep where TActivation : struct, IActivation
    {
        private readonly ref readonly float _output = ref MemoryMarshal.GetReference(output);
        private readonly ref readonly float _mask = ref MemoryMarshal.GetReference(mask);
        private readonly ref float _gradient = ref MemoryMarshal.GetReference(gradient);

        public StepScalars Scalars => default;

        // The product in the order of the two passes it replaces (mask, then derivative), so the numbers are the same.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, in StepScalars<TV> scalars) where TV : struct, ISimd<TV> =>
            (TV.Load(in _gradient, index) * TV.Load(in _mask, index) * TActivation.Derivative(TV.Load(in _output, index)))
                .Store(ref _gradient, index);
    }
}
