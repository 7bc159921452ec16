using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDsl.Cpu;

/// <summary>Element-wise activation passes, specialised per activation type.</summary>
public static class ActivationMath
{
    /// <summary><c>output = f(input)</c>; the spans may be the same memory.</summary>
    public static void Forward<TActivation>(ReadOnlySpan<float> input, Span<float> output)
        where TActivation : struct, IActivation =>
        SimdDispatch.ForEach(output.Length, new ForwardStep<TActivation>(input, output));

    /// <summary>
    /// Turns dL/da into dL/dz in place: <c>gradient *= f'(z)</c>, with f' computed from the output
    /// <paramref name="output"/> = f(z).
    /// </summary>
    public static void Backward<TActivation>(ReadOnlySpan<float> output, Span<float> gradient)
        where TActivation : struct, IActivation =>
        SimdDispatch.ForEach(gradient.Length, new BackwardStep<TActivation>(output, gradient));

    private readonly ref struct ForwardStep<TActivation>(ReadOnlySpan<float> input, Span<float> output) : IElementwiseStep
        where TActivation : struct, IActivation
    {
        private readonly ref readonly float _input = ref MemoryMarshal.GetReference(input);
        private readonly ref float _output = ref MemoryMarshal.GetReference(output);

        public StepScalars Scalars => default;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, in StepScalars<TV> scalars) where TV : struct, ISimd<TV> =>
            TActivation.Apply(TV.Load(in _input, index)).Store(ref _output, index);
    }

    private readonly ref struct BackwardStep<TActivation>(ReadOnlySpan<float> output, Span<float> gradient) : IElementwiseStep
        where TActivation : struct, IActivation
    {
        private readonly ref readonly float _output = ref MemoryMarshal.GetReference(output);
        private readonly ref float _gradient = ref MemoryMarshal.GetReference(gradient);

        public StepScalars Scalars => default;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, in StepScalars<TV> scalars) where TV : struct, ISimd<TV> =>
            (TV.Load(in _gradient, index) * TActivation.Derivative(TV.Load(in _output, index))).Store(ref _gradient, index);
    }
}
