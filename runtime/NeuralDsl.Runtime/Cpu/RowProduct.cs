using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDsl.Cpu;

/// <summary>
/// The forward product for a few rows (a single prediction): <c>c_i = f(bias + Σ_p a(i, p)·B[p, :])</c> with B read in
/// place, one row of B after another, instead of packed. Packing copies all of B once per call, which for one row costs
/// more than the product. Up to eight vectors of output columns stay in registers for the whole reduction (eight
/// independent multiply-add chains keep both FMA units busy); a last partial vector is read and written with masked
/// loads and stores where the hardware has them. Every value is the multiply-adds in increasing p from the bias, as in
/// a tile of <see cref="GemmEngine"/>, so a row gives bit for bit what it gives inside a batch.
/// </summary>
internal static unsafe class RowProduct
{
    /// <summary><c>c[m×n] = f(a[m×k]·b[k×n] + bias)</c>, <paramref name="bias"/> null for none.</summary>
    public static void Run<TAct>(float* a, float* b, float* bias, float* c, int m, int k, int n) where TAct : struct, IActivation
    {
        if (Vector512.IsHardwareAccelerated) Run<TAct, Simd512>(a, b, bias, c, m, k, n);
        else if (Vector256.IsHardwareAccelerated) Run<TAct, Simd256>(a, b, bias, c, m, k, n);
        else if (Vector128.IsHardwareAccelerated) Run<TAct, Simd128>(a, b, bias, c, m, k, n);
        else Run<TAct, SimdScalar>(a, b, bias, c, m, k, n);
    }

    private static void Run<TAct, TV>(float* a, float* b, float* bias, float* c, int m, int k, int n)
        where TAct : struct, IActivation where TV : struct, ISimd<TV>
    {
        int w = TV.Count;
        // Blocks of eight or four vectors row by row (as many independent chains); then the last vectors and a partial
        // one for all the rows at once, so that their chains (one per row) run side by side.
        int wide = n / (8 * w) * (8 * w);
        if (n - wide >= 4 * w) wide += 4 * w;
        for (int i = 0; i < m; i++)
        {
            float* ai = a + (nint)i * k, ci = c + (nint)i * n;
            int j = 0;
            for (; j + 8 * w <= wide; j += 8 * w) Columns8<TV>(ai, b + j, n, k, bias == null ? null : bias + j, ci + j);
            for (; j < wide; j += 4 * w) Columns4<TV>(ai, b + j, n, k, bias == null ? null : bias + j, ci + j);
        }
        int jj = wide;
        for (; jj + w <= n; jj += w) Columns1<TV>(a, k, m, b + jj, n, k, bias == null ? null : bias + jj, c + jj, n);
        if (jj < n)
        {
            if (HasMaskedAccess<TV>()) PartialColumns<TV>(a, k, m, b + jj, n, k, bias == null ? null : bias + jj, c + jj, n, n - jj);
            else
                for (; jj < n; jj++) Columns1<SimdScalar>(a, k, m, b + jj, n, k, bias == null ? null : bias + jj, c + jj, n);
        }
        if (typeof(TAct) != typeof(Linear))
            for (int i = 0; i < m; i++) ActivationMath.Forward<TAct>(new ReadOnlySpan<float>(c + (nint)i * n, n), new Span<float>(c + (nint)i * n, n));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Seed<TV>(float* bias, int vector) where TV : struct, ISimd<TV> =>
        bias == null ? TV.Zero : TV.Load(in *bias, (nuint)(vector * TV.Count));

    /// <summary>Eight vectors of columns of one row.</summary>
    private static void Columns8<TV>(float* a, float* b, nint ldb, int k, float* bias, float* c) where TV : struct, ISimd<TV>
    {
        nuint w = (nuint)TV.Count;
        TV c0 = Seed<TV>(bias, 0), c1 = Seed<TV>(bias, 1), c2 = Seed<TV>(bias, 2), c3 = Seed<TV>(bias, 3);
        TV c4 = Seed<TV>(bias, 4), c5 = Seed<TV>(bias, 5), c6 = Seed<TV>(bias, 6), c7 = Seed<TV>(bias, 7);
        for (int p = 0; p < k; p++, b += ldb)
        {
            // The kernel streams from L2 (the tutorial MLP's 400 KB): fetching the row six ahead into L1 took a batch-1
            // prediction from 7.7 to 6.5 µs on the 2-core AVX-512 dev machine (3 and 10 rows ahead were no better).
            if (Sse.IsSupported)
            {
                float* ahead = b + 6 * ldb;
                for (int line = 0; line < 8 * TV.Count; line += 16) Sse.Prefetch0(ahead + line);
            }
            var x = TV.Create(a[p]);
            c0 = TV.MultiplyAdd(x, TV.Load(in *b, 0), c0);
            c1 = TV.MultiplyAdd(x, TV.Load(in *b, w), c1);
            c2 = TV.MultiplyAdd(x, TV.Load(in *b, 2 * w), c2);
            c3 = TV.MultiplyAdd(x, TV.Load(in *b, 3 * w), c3);
            c4 = TV.MultiplyAdd(x, TV.Load(in *b, 4 * w), c4);
            c5 = TV.MultiplyAdd(x, TV.Load(in *b, 5 * w), c5);
            c6 = TV.MultiplyAdd(x, TV.Load(in *b, 6 * w), c6);
            c7 = TV.MultiplyAdd(x, TV.Load(in *b, 7 * w), c7);
        }
        c0.Store(ref *c, 0);
        c1.Store(ref *c, w);
        c2.Store(ref *c, 2 * w);
        c3.Store(ref *c, 3 * w);
        c4.Store(ref *c, 4 * w);
        c5.Store(ref *c, 5 * w);
        c6.Store(ref *c, 6 * w);
        c7.Store(ref *c, 7 * w);
    }

    /// <summary>Four vectors of columns of one row.</summary>
    private static void Columns4<TV>(float* a, float* b, nint ldb, int k, float* bias, float* c) where TV : struct, ISimd<TV>
    {
        nuint w = (nuint)TV.Count;
        TV c0 = Seed<TV>(bias, 0), c1 = Seed<TV>(bias, 1), c2 = Seed<TV>(bias, 2), c3 = Seed<TV>(bias, 3);
        for (int p = 0; p < k; p++, b += ldb)
        {
            var x = TV.Create(a[p]);
            c0 = TV.MultiplyAdd(x, TV.Load(in *b, 0), c0);
            c1 = TV.MultiplyAdd(x, TV.Load(in *b, w), c1);
            c2 = TV.MultiplyAdd(x, TV.Load(in *b, 2 * w), c2);
            c3 = TV.MultiplyAdd(x, TV.Load(in *b, 3 * w), c3);
        }
        c0.Store(ref *c, 0);
        c1.Store(ref *c, w);
        c2.Store(ref *c, 2 * w);
        c3.Store(ref *c, 3 * w);
    }

    /// <summary>One vector of columns for up to three rows (<paramref name="m"/>): a chain per row, side by side (rows past
    /// <paramref name="m"/> read row 0 again and are not stored).</summary>
    private static void Columns1<TV>(float* a, nint lda, int m, float* b, nint ldb, int k, float* bias, float* c, nint ldc)
        where TV : struct, ISimd<TV>
    {
        float* a0 = a, a1 = m > 1 ? a + lda : a, a2 = m > 2 ? a + 2 * lda : a;
        TV c0 = Seed<TV>(bias, 0), c1 = c0, c2 = c0;
        for (int p = 0; p < k; p++, b += ldb)
        {
            var bp = TV.Load(in *b, 0);
            c0 = TV.MultiplyAdd(TV.Create(a0[p]), bp, c0);
            c1 = TV.MultiplyAdd(TV.Create(a1[p]), bp, c1);
            c2 = TV.MultiplyAdd(TV.Create(a2[p]), bp, c2);
        }
        c0.Store(ref *c, 0);
        if (m > 1) c1.Store(ref c[ldc], 0);
        if (m > 2) c2.Store(ref c[2 * ldc], 0);
    }

    /// <summary>The last <paramref name="count"/> (&lt; one vector) columns for up to three rows, through masked loads and
    /// stores: nothing past the row is read or written, and the masked-off lanes are zero.</summary>
    private static void PartialColumns<TV>(float* a, nint lda, int m, float* b, nint ldb, int k, float* bias, float* c, nint ldc, int count)
        where TV : struct, ISimd<TV>
    {
        TV mask = FirstLanes<TV>(count);
        float* a0 = a, a1 = m > 1 ? a + lda : a, a2 = m > 2 ? a + 2 * lda : a;
        TV c0 = bias == null ? TV.Zero : MaskedLoad(bias, mask), c1 = c0, c2 = c0;
        for (int p = 0; p < k; p++, b += ldb)
        {
            var bp = MaskedLoad(b, mask);
            c0 = TV.MultiplyAdd(TV.Create(a0[p]), bp, c0);
            c1 = TV.MultiplyAdd(TV.Create(a1[p]), bp, c1);
            c2 = TV.MultiplyAdd(TV.Create(a2[p]), bp, c2);
        }
        MaskedStore(c, mask, c0);
        if (m > 1) MaskedStore(c + ldc, mask, c1);
        if (m > 2) MaskedStore(c + 2 * ldc, mask, c2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasMaskedAccess<TV>() where TV : struct, ISimd<TV> =>
        typeof(TV) != typeof(SimdScalar) && Avx.IsSupported;

    /// <summary>All bits set in lanes below <paramref name="count"/>.</summary>
    private static TV FirstLanes<TV>(int count) where TV : struct, ISimd<TV>
    {
        if (typeof(TV) == typeof(Simd512))
            return Unsafe.BitCast<Vector512<float>, TV>(Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle());
        if (typeof(TV) == typeof(Simd256))
            return Unsafe.BitCast<Vector256<float>, TV>(Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle());
        return Unsafe.BitCast<Vector128<float>, TV>(Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(count)).AsSingle());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV MaskedLoad<TV>(float* source, TV mask) where TV : struct, ISimd<TV>
    {
        if (typeof(TV) == typeof(Simd512))
        {
#if NET10_0_OR_GREATER
            if (Avx512F.IsSupported)
                return Unsafe.BitCast<Vector512<float>, TV>(Avx512F.MaskLoad(source, Unsafe.BitCast<TV, Vector512<float>>(mask), Vector512<float>.Zero));
#endif
            // Two 256-bit halves: AVX's masked loads exist on every runtime this library targets (AVX-512's from .NET 10).
            var lanes = Unsafe.BitCast<TV, Vector512<float>>(mask);
            return Unsafe.BitCast<Vector512<float>, TV>(Vector512.Create(Avx.MaskLoad(source, lanes.GetLower()), Avx.MaskLoad(source + 8, lanes.GetUpper())));
        }
        if (typeof(TV) == typeof(Simd256))
            return Unsafe.BitCast<Vector256<float>, TV>(Avx.MaskLoad(source, Unsafe.BitCast<TV, Vector256<float>>(mask)));
        return Unsafe.BitCast<Vector128<float>, TV>(Avx.MaskLoad(source, Unsafe.BitCast<TV, Vector128<float>>(mask)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaskedStore<TV>(float* destination, TV mask, TV value) where TV : struct, ISimd<TV>
    {
        if (typeof(TV) == typeof(Simd512))
        {
#if NET10_0_OR_GREATER
            if (Avx512F.IsSupported)
            {
                Avx512F.MaskStore(destination, Unsafe.BitCast<TV, Vector512<float>>(mask), Unsafe.BitCast<TV, Vector512<float>>(value));
                return;
            }
#endif
            Vector512<float> lanes = Unsafe.BitCast<TV, Vector512<float>>(mask), values = Unsafe.BitCast<TV, Vector512<float>>(value);
            Avx.MaskStore(destination, lanes.GetLower(), values.GetLower());
            Avx.MaskStore(destination + 8, lanes.GetUpper(), values.GetUpper());
        }
        else if (typeof(TV) == typeof(Simd256)) Avx.MaskStore(destination, Unsafe.BitCast<TV, Vector256<float>>(mask), Unsafe.BitCast<TV, Vector256<float>>(value));
        else Avx.MaskStore(destination, Unsafe.BitCast<TV, Vector128<float>>(mask), Unsafe.BitCast<TV, Vector128<float>>(value));
    }
}
