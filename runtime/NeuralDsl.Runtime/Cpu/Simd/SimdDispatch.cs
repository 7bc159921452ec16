using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NeuralDsl.Cpu;

/// <summary>
/// Runs width-generic kernels at the widest vector the hardware accelerates: 512 bits with AVX-512, 256 with AVX2,
/// 128 with SSE or AdvSimd, else one float at a time. The tests are JIT-time constants, so each call site compiles to
/// the one branch taken; on hardware without AVX-512 no emulated <see cref="Vector512{T}"/> code runs.
/// </summary>
internal static class SimdDispatch
{
    /// <summary>Whether a fused multiply-add is one instruction (else <see cref="ISimd{TSelf}.MultiplyAdd"/> rounds twice).</summary>
    public static bool HasFusedMultiplyAdd
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Fma.IsSupported || AdvSimd.IsSupported;
    }

    /// <summary>Runs <paramref name="kernel"/> at the widest accelerated width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TKernel>(ref TKernel kernel) where TKernel : struct, ISimdKernel, allows ref struct
    {
        if (Vector512.IsHardwareAccelerated) kernel.Run<Simd512>();
        else if (Vector256.IsHardwareAccelerated) kernel.Run<Simd256>();
        else if (Vector128.IsHardwareAccelerated) kernel.Run<Simd128>();
        else kernel.Run<SimdScalar>();
    }

    /// <summary>Runs <paramref name="step"/> over <c>[0, length)</c>: whole vectors, then single floats for the tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ForEach<TStep>(int length, TStep step) where TStep : struct, IElementwiseStep, allows ref struct
    {
        var loop = new ElementwiseLoop<TStep>(length, step);
        Run(ref loop);
    }

    private ref struct ElementwiseLoop<TStep>(int length, TStep step) : ISimdKernel where TStep : struct, IElementwiseStep, allows ref struct
    {
        private readonly int _length = length;
        private TStep _step = step;

        public void Run<TV>() where TV : struct, ISimd<TV>
        {
            // A local copy, which the JIT can keep in registers across the loop.
            TStep step = _step;
            var vectors = new StepScalars<TV>(step.Scalars);
            nuint i = 0, length = (nuint)_length, width = (nuint)TV.Count;
            for (; i + width <= length; i += width) step.Step(i, in vectors);
            var scalars = new StepScalars<SimdScalar>(step.Scalars);
            for (; i < length; i++) step.Step(i, in scalars);
        }
    }
}
