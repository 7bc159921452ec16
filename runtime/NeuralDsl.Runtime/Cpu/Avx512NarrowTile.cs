using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>The AVX-512 register tile for products of at most 16 columns (convolutions with 16 filters or fewer): 16 rows ×
/// 16 columns in sixteen 512-bit accumulators. <see cref="Avx512Tile"/>'s 32-column panels would be half zeros there, and
/// half its multiply-adds wasted.</summary>
/// <remarks>With one vector of B per step, each row's multiply-add is one chain: eight rows (eight chains) just cover the
/// multiply-add latency of both FMA units and ran ResNet-20's 16-filter convolutions at ~76 % of the peak, sixteen run at
/// the peak (measured standalone on the 2-core AVX-512 dev machine: 132 against 174 GFLOP/s). Sixteen row pointers do not
/// fit the general registers, so the 16-row kernel takes rows that lie a fixed step apart (a product's rows, a
/// convolution's cells within one output row) from four pointers; other tiles run as two of up to 8 rows.</remarks>
internal readonly unsafe struct Avx512NarrowTile : IGemmTile
{
    public static int Rows => 16;

    /// <summary>One 512-bit vector.</summary>
    public static int Columns => 16;

    public static void Multiply<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias,
        float* scale, nint residual, float* c, nint ldc, int height)
        where TAct : struct, IActivation
    {
        if (height == 16 && Step(rows) is nint step and not 0)
            Kernel16<TAct>(rows[0], step, aCol, aSegment, segments, b, ldb, depth, bias, scale, residual, c, ldc);
        else
        {
            Rows8<TAct>(rows, aCol, aSegment, segments, b, ldb, depth, bias, scale, residual, c, ldc, Math.Min(height, 8));
            if (height > 8) Rows8<TAct>(rows + 8, aCol, aSegment, segments, b, ldb, depth, bias, scale, residual, c + 8 * ldc, ldc, height - 8);
        }
        TileActivation.Apply<TAct, Simd512>(c, ldc, height, Columns);
    }

    /// <summary>The distance between consecutive rows when all 16 lie that far apart, else 0.</summary>
    private static nint Step(float** rows)
    {
        nint step = (nint)(rows[1] - rows[0]);
        for (int r = 2; r < 16; r++)
            if (rows[r] - rows[r - 1] != step) return 0;
        return step;
    }

    private static void Rows8<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias, float* scale,
        nint residual, float* c, nint ldc, int height)
        where TAct : struct, IActivation
    {
        if (height > 1) Kernel8<TAct>(rows, aCol, aSegment, segments, b, ldb, depth, bias, scale, residual, c, ldc, height);
        else Kernel1<TAct>(rows[0], aCol, aSegment, segments, b, ldb, depth, bias, scale, residual, c);
    }

    /// <summary>Rows r = 0..15 at <c>a + r·step</c>: pointer j reads rows j, j + 4, j + 8 and j + 12 at fixed distances
    /// (x86 addressing: base + index·{1, 2}), so four pointers and two distances serve sixteen rows.</summary>
    private static void Kernel16<TAct>(float* a, nint step, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias,
        float* scale, nint residual, float* c, nint ldc)
        where TAct : struct, IActivation
    {
        var s = bias != null && scale == null ? Vector512.Load(bias) : Vector512<float>.Zero;
        Vector512<float> c0 = s, c1 = s, c2 = s, c3 = s, c4 = s, c5 = s, c6 = s, c7 = s;
        Vector512<float> c8 = s, c9 = s, c10 = s, c11 = s, c12 = s, c13 = s, c14 = s, c15 = s;
        nint rowBytes = step * sizeof(float), four = 4 * rowBytes, twelve = 12 * rowBytes, column = aCol * sizeof(float);
        for (int segment = 0; segment < segments; segment++)
        {
            byte* p0 = (byte*)(a + segment * aSegment), p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
            for (int p = 0; p < depth; p++, p0 += column, p1 += column, p2 += column, p3 += column, b += ldb)
            {
                var b0 = Vector512.Load(b);
                c0 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)p0), b0, c0);
                c1 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)p1), b0, c1);
                c2 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)p2), b0, c2);
                c3 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)p3), b0, c3);
                c4 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p0 + four)), b0, c4);
                c5 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p1 + four)), b0, c5);
                c6 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p2 + four)), b0, c6);
                c7 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p3 + four)), b0, c7);
                c8 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p0 + four * 2)), b0, c8);
                c9 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p1 + four * 2)), b0, c9);
                c10 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p2 + four * 2)), b0, c10);
                c11 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p3 + four * 2)), b0, c11);
                c12 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p0 + twelve)), b0, c12);
                c13 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p1 + twelve)), b0, c13);
                c14 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p2 + twelve)), b0, c14);
                c15 = Vector512.FusedMultiplyAdd(Vector512.Create(*(float*)(p3 + twelve)), b0, c15);
            }
        }
        if (scale != null)
        {
            Vector512<float> m = Vector512.Load(scale), t = Vector512.Load(bias);
            c0 = Vector512.FusedMultiplyAdd(c0, m, t); c1 = Vector512.FusedMultiplyAdd(c1, m, t);
            c2 = Vector512.FusedMultiplyAdd(c2, m, t); c3 = Vector512.FusedMultiplyAdd(c3, m, t);
            c4 = Vector512.FusedMultiplyAdd(c4, m, t); c5 = Vector512.FusedMultiplyAdd(c5, m, t);
            c6 = Vector512.FusedMultiplyAdd(c6, m, t); c7 = Vector512.FusedMultiplyAdd(c7, m, t);
            c8 = Vector512.FusedMultiplyAdd(c8, m, t); c9 = Vector512.FusedMultiplyAdd(c9, m, t);
            c10 = Vector512.FusedMultiplyAdd(c10, m, t); c11 = Vector512.FusedMultiplyAdd(c11, m, t);
            c12 = Vector512.FusedMultiplyAdd(c12, m, t); c13 = Vector512.FusedMultiplyAdd(c13, m, t);
            c14 = Vector512.FusedMultiplyAdd(c14, m, t); c15 = Vector512.FusedMultiplyAdd(c15, m, t);
        }
        TileActivation.Store<TAct>(c0, c, residual); TileActivation.Store<TAct>(c1, c += ldc, residual); TileActivation.Store<TAct>(c2, c += ldc, residual); TileActivation.Store<TAct>(c3, c += ldc, residual);
        TileActivation.Store<TAct>(c4, c += ldc, residual); TileActivation.Store<TAct>(c5, c += ldc, residual); TileActivation.Store<TAct>(c6, c += ldc, residual); TileActivation.Store<TAct>(c7, c += ldc, residual);
        TileActivation.Store<TAct>(c8, c += ldc, residual); TileActivation.Store<TAct>(c9, c += ldc, residual); TileActivation.Store<TAct>(c10, c += ldc, residual); TileActivation.Store<TAct>(c11, c += ldc, residual);
        TileActivation.Store<TAct>(c12, c += ldc, residual); TileActivation.Store<TAct>(c13, c += ldc, residual); TileActivation.Store<TAct>(c14, c += ldc, residual); TileActivation.Store<TAct>(c15, c += ldc, residual);
    }

    private static void Kernel8<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias, float* scale,
        nint residual, float* c, nint ldc, int height)
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
        TileActivation.Store<TAct>(c0, c, residual);
        TileActivation.Store<TAct>(c1, c + ldc, residual);
        if (height > 2) TileActivation.Store<TAct>(c2, c + 2 * ldc, residual);
        if (height > 3) TileActivation.Store<TAct>(c3, c + 3 * ldc, residual);
        if (height > 4) TileActivation.Store<TAct>(c4, c + 4 * ldc, residual);
        if (height > 5) TileActivation.Store<TAct>(c5, c + 5 * ldc, residual);
        if (height > 6) TileActivation.Store<TAct>(c6, c + 6 * ldc, residual);
        if (height > 7) TileActivation.Store<TAct>(c7, c + 7 * ldc, residual);
    }

    private static void Kernel1<TAct>(float* a, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias, float* scale,
        nint residual, float* c)
        where TAct : struct, IActivation
    {
        var c0 = bias != null && scale == null ? Vector512.Load(bias) : Vector512<float>.Zero;
        for (int segment = 0; segment < segments; segment++)
        {
            nint off = segment * aSegment;
            for (int p = 0; p < depth; p++, off += aCol, b += ldb) c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[off]), Vector512.Load(b), c0);
        }
        if (scale != null) c0 = Vector512.FusedMultiplyAdd(c0, Vector512.Load(scale), Vector512.Load(bias));
        TileActivation.Store<TAct>(c0, c, residual);
    }
}
