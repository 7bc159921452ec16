using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>The AVX-512 register tile for products of at most 16 columns (convolutions with 16 filters or fewer): 8 rows ×
/// 16 columns in eight 512-bit accumulators. <see cref="Avx512Tile"/>'s 32-column panels would be half zeros there, and
/// half its multiply-adds wasted; eight independent accumulators still cover the multiply-add latency of both FMA units.</summary>
internal readonly unsafe struct Avx512NarrowTile : IGemmTile
{
    public static int Rows => 8;

    /// <summary>One 512-bit vector.</summary>
    public static int Columns => 16;

    public static void Multiply<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias,
        float* scale, float* c, nint ldc, int height)
        where TAct : struct, IActivation
    {
        if (height > 1) Kernel8<TAct>(rows, aCol, aSegment, segments, b, ldb, depth, bias, scale, c, ldc, height);
        else Kernel1<TAct>(rows[0], aCol, aSegment, segments, b, ldb, depth, bias, scale, c);
        TileActivation.Apply<TAct, Simd512>(c, ldc, height, Columns);
    }

    private static void Kernel8<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias, float* scale,
        float* c, nint ldc, int height)
        where TAct : struct, IActivation
    {
        var s = bias != null && scale == null ? Vector512.Load(bias) : Vector512<float>.Zero;
        Vector512<float> c0 = s, c1 = s, c2 = s, c3 = s, c4 = s, c5 = s, c6 = s, c7 = s;
        // Rows past the height read row 0 again and their sums are dropped: as fast as fewer chains, which are latency-bound.
        float* a0 = rows[0], a1 = rows[1], a2 = height > 2 ? rows[2] : a0, a3 = height > 3 ? rows[3] : a0;
        float* a4 = height > 4 ? rows[4] : a0, a5 = height > 5 ? rows[5] : a0, a6 = height > 6 ? rows[6] : a0, a7 = height > 7 ? rows[7] : a0;
        for (int segment = 0; segment < segments; segment++)
        {
            nint off = segment * aSegment;
            for (int p = 0; p < depth; p++, off += aCol, b += ldb)
            {
                var b0 = Vector512.Load(b);
                c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a0[off]), b0, c0);
                c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[off]), b0, c1);
                c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a2[off]), b0, c2);
                c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a3[off]), b0, c3);
                c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[off]), b0, c4);
                c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a5[off]), b0, c5);
                c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a6[off]), b0, c6);
                c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a7[off]), b0, c7);
            }
        }
        if (scale != null)
        {
            Vector512<float> m = Vector512.Load(scale), t = Vector512.Load(bias);
            c0 = Vector512.FusedMultiplyAdd(c0, m, t); c1 = Vector512.FusedMultiplyAdd(c1, m, t);
            c2 = Vector512.FusedMultiplyAdd(c2, m, t); c3 = Vector512.FusedMultiplyAdd(c3, m, t);
            c4 = Vector512.FusedMultiplyAdd(c4, m, t); c5 = Vector512.FusedMultiplyAdd(c5, m, t);
            c6 = Vector512.FusedMultiplyAdd(c6, m, t); c7 = Vector512.FusedMultiplyAdd(c7, m, t);
        }
        Store<TAct>(c0, c);
        Store<TAct>(c1, c + ldc);
        if (height > 2) Store<TAct>(c2, c + 2 * ldc);
        if (height > 3) Store<TAct>(c3, c + 3 * ldc);
        if (height > 4) Store<TAct>(c4, c + 4 * ldc);
        if (height > 5) Store<TAct>(c5, c + 5 * ldc);
        if (height > 6) Store<TAct>(c6, c + 6 * ldc);
        if (height > 7) Store<TAct>(c7, c + 7 * ldc);
    }

    private static void Kernel1<TAct>(float* a, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias, float* scale,
        float* c)
        where TAct : struct, IActivation
    {
        var c0 = bias != null && scale == null ? Vector512.Load(bias) : Vector512<float>.Zero;
        for (int segment = 0; segment < segments; segment++)
        {
            nint off = segment * aSegment;
            for (int p = 0; p < depth; p++, off += aCol, b += ldb) c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[off]), Vector512.Load(b), c0);
        }
        if (scale != null) c0 = Vector512.FusedMultiplyAdd(c0, Vector512.Load(scale), Vector512.Load(bias));
        Store<TAct>(c0, c);
    }

    /// <summary>Stores an accumulator, through the activation where it applies in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TAct>(Vector512<float> value, float* at) where TAct : struct, IActivation =>
        TileActivation.BeforeStore<TAct>(value).Store(at);
}
