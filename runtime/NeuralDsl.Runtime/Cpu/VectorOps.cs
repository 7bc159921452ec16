using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDsl.Cpu;

/// <summary>Small SIMD building blocks (the widest accelerated vectors, single floats for the tail) shared by the kernels.</summary>
public static class VectorOps
{
    /// <summary><c>y += alpha · x</c>.</summary>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y) =>
        SimdDispatch.ForEach(y.Length, new AxpyStep(alpha, x, y));

    /// <summary><c>Σ x·y</c>.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var dot = new DotKernel(x, y);
        SimdDispatch.Run(ref dot);
        return dot.Result;
    }

    /// <summary><c>x *= alpha</c>.</summary>
    public static void Scale(float alpha, Span<float> x) =>
        SimdDispatch.ForEach(x.Length, new ScaleStep(alpha, x));

    /// <summary><c>z = x + y</c> element-wise (what copying x and adding y with <see cref="Axpy"/> gives, in one pass).</summary>
    public static void Add(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        if (x.Length < z.Length || y.Length < z.Length)
            throw new ArgumentException($"Add needs {z.Length} values in each input but got {x.Length} and {y.Length}.");
        SimdDispatch.ForEach(z.Length, new AddStep(x, y, z));
    }

    /// <summary><c>z = x ⊙ y</c> element-wise.</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) =>
        SimdDispatch.ForEach(z.Length, new MultiplyStep(x, y, z));

    private readonly ref struct AddStep(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) : IElementwiseStep
    {
        private readonly ref readonly float _x = ref MemoryMarshal.GetReference(x);
        private readonly ref readonly float _y = ref MemoryMarshal.GetReference(y);
        private readonly ref float _z = ref MemoryMarshal.GetReference(z);

        public StepScalars Scalars => default;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, in StepScalars<TV> scalars) where TV : struct, ISimd<TV> =>
            (TV.Load(in _x, index) + TV.Load(in _y, index)).Store(ref _z, index);
    }

    private readonly ref struct AxpyStep(float alpha, ReadOnlySpan<float> x, Span<float> y) : IElementwiseStep
    {
        private readonly ref readonly float _x = ref MemoryMarshal.GetReference(x);
        private readonly ref float _y = ref MemoryMarshal.GetReference(y);

        public StepScalars Scalars => new(alpha);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, in StepScalars<TV> scalars) where TV : struct, ISimd<TV> =>
            TV.MultiplyAdd(scalars.First, TV.Load(in _x, index), TV.Load(in _y, index)).Store(ref _y, index);
    }

    private readonly ref struct ScaleStep(float alpha, Span<float> x) : IElementwiseStep
    {
        private readonly ref float _x = ref MemoryMarshal.GetReference(x);

        public StepScalars Scalars => new(alpha);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, in StepScalars<TV> scalars) where TV : struct, ISimd<TV> =>
            (TV.Load(in _x, index) * scalars.First).Store(ref _x, index);
    }

    private readonly ref struct MultiplyStep(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) : IElementwiseStep
    {
        private readonly ref readonly float _x = ref MemoryMarshal.GetReference(x);
        private readonly ref readonly float _y = ref MemoryMarshal.GetReference(y);
        private readonly ref float _z = ref MemoryMarshal.GetReference(z);

        public StepScalars Scalars => default;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV>(nuint index, in StepScalars<TV> scalars) where TV : struct, ISimd<TV> =>
            (TV.Load(in _x, index) * TV.Load(in _y, index)).Store(ref _z, index);
    }

    /// <summary>One vector of partial sums over the whole vectors, then the tail added one product at a time.</summary>
    private ref struct DotKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y) : ISimdKernel
    {
        private readonly ReadOnlySpan<float> _x = x, _y = y;

        public float Result { get; private set; }

        public void Run<TV>() where TV : struct, ISimd<TV>
        {
            int n = _x.Length, i = 0;
            ref float xr = ref MemoryMarshal.GetReference(_x);
            ref float yr = ref MemoryMarshal.GetReference(_y);
            var acc = TV.Zero;
            for (; i <= n - TV.Count; i += TV.Count)
                acc = TV.MultiplyAdd(TV.Load(in xr, (nuint)i), TV.Load(in yr, (nuint)i), acc);
            var sum = new SimdScalar(TV.Sum(acc));
            for (; i < n; i++) sum = SimdScalar.MultiplyAdd(SimdScalar.Load(in xr, (nuint)i), SimdScalar.Load(in yr, (nuint)i), sum);
            Result = sum.Value;
        }
    }
}
