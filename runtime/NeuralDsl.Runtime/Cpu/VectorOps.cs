using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>Small SIMD building blocks (512-bit lanes, scalar tail) shared by the kernels.</summary>
public static class VectorOps
{
    /// <summary><c>y += alpha · x</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = y.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var va = Vector512.Create(alpha);
        int i = 0;
        for (; i <= n - 16; i += 16)
        {
            var vy = Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i));
            vy.StoreUnsafe(ref yr, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref yr, i) = MathF.FusedMultiplyAdd(alpha, Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary><c>Σ x·y</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var acc = Vector512<float>.Zero;
        int i = 0;
        for (; i <= n - 16; i += 16)
            acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i), acc);
        float sum = Vector512.Sum(acc);
        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), sum);
        return sum;
    }

    /// <summary><c>z = x ⊙ y</c> element-wise.</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z)
    {
        int n = z.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float zr = ref MemoryMarshal.GetReference(z);
        int i = 0;
        for (; i <= n - 16; i += 16)
            (Vector512.LoadUnsafe(ref xr, (nuint)i) * Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref zr, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref zr, i) = Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
    }
}
