using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// The peers the new kernels are compared with, in the same process: a naive triple loop, and the
/// library's previous kernels (one Vector512 axpy / dot per row, skipping zero inputs) kept verbatim.
/// </summary>
public static class Baseline
{
    public static void NaiveNn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
                c[i * n + j] = sum;
            }
    }

    public static void NaiveTn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int r = 0; r < m; r++) sum += a[r * k + p] * b[r * n + j];
                c[p * n + j] = sum;
            }
    }

    public static void NaiveNt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                float sum = 0f;
                for (int j = 0; j < n; j++) sum += a[i * n + j] * b[p * n + j];
                c[i * k + p] = sum;
            }
    }

    // ---- The previous kernels (axpy / dot loops) ----

    public static void AxpyNn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        c[..(m * n)].Clear();
        for (int i = 0; i < m; i++)
        {
            var crow = c.Slice(i * n, n);
            var arow = a.Slice(i * k, k);
            for (int p = 0; p < k; p++)
            {
                float aip = arow[p];
                if (aip != 0f) Axpy(aip, b.Slice(p * n, n), crow);
            }
        }
    }

    public static void AxpyTn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        c[..(k * n)].Clear();
        for (int r = 0; r < m; r++)
        {
            var brow = b.Slice(r * n, n);
            var arow = a.Slice(r * k, k);
            for (int p = 0; p < k; p++)
            {
                float arp = arow[p];
                if (arp != 0f) Axpy(arp, brow, c.Slice(p * n, n));
            }
        }
    }

    public static void DotNt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
        {
            var arow = a.Slice(i * n, n);
            var crow = c.Slice(i * k, k);
            for (int p = 0; p < k; p++) crow[p] = Dot(arow, b.Slice(p * n, n));
        }
    }

    /// <summary>The previous dense forward: product, then bias and ReLU per row.</summary>
    public static void DenseForwardRelu(ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y, int rows, int inputs, int units)
    {
        AxpyNn(x, w, y, rows, inputs, units);
        for (int r = 0; r < rows; r++)
        {
            var row = y.Slice(r * units, units);
            for (int j = 0; j < units; j++) row[j] = MathF.Max(row[j] + bias[j], 0f);
        }
    }

    public static void DenseBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dz, ReadOnlySpan<float> w, Span<float> dw, Span<float> db, Span<float> dx, int rows, int inputs, int units)
    {
        AxpyTn(x, dz, dw, rows, inputs, units);
        db[..units].Clear();
        for (int r = 0; r < rows; r++) Axpy(1f, dz.Slice(r * units, units), db[..units]);
        if (!dx.IsEmpty) DotNt(dz, w, dx, rows, inputs, units);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = y.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        var va = Vector512.Create(alpha);
        int i = 0;
        for (; i <= n - 16; i += 16)
            Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref yr, i) = MathF.FusedMultiplyAdd(alpha, Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
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
}
