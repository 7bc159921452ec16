using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary>
/// The register tile below AVX-512, written once for any width: 6 rows × 2 vectors in twelve accumulators. With AVX2 a
/// 6×16 tile takes 12 of the 16 registers, leaving three for the two vectors of B and the broadcast value of A; with
/// 128-bit vectors it is 6×8, and without SIMD 6×2 floats.
/// </summary>
internal readonly unsafe struct VectorTile<TV> : IGemmTile where TV : struct, ISimd<TV>
{
    public static int Rows => 6;

    /// <summary>Two vectors.</summary>
    public static int Columns => 2 * TV.Count;

    public static void Multiply<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias,
        float* scale, nint residual, float* c, nint ldc, int height)
        where TAct : struct, IActivation
    {
        nuint second = (nuint)TV.Count;
        TV s0 = TV.Zero, s1 = TV.Zero;
        if (bias != null && scale == null)
        {
            s0 = TV.Load(in *bias, 0);
            s1 = TV.Load(in *bias, second);
        }
        TV c00 = s0, c01 = s1, c10 = s0, c11 = s1, c20 = s0, c21 = s1, c30 = s0, c31 = s1, c40 = s0, c41 = s1, c50 = s0, c51 = s1;
        // Rows past the height read row 0 again, and their sums are dropped: the reduction loop stays free of branches.
        float* a0 = rows[0];
        float* a1 = height > 1 ? rows[1] : a0;
        float* a2 = height > 2 ? rows[2] : a0;
        float* a3 = height > 3 ? rows[3] : a0;
        float* a4 = height > 4 ? rows[4] : a0;
        float* a5 = height > 5 ? rows[5] : a0;
        for (int segment = 0; segment < segments; segment++)
        {
            nint off = segment * aSegment;
            for (int p = 0; p < depth; p++, off += aCol, b += ldb)
            {
                var b0 = TV.Load(in *b, 0);
                var b1 = TV.Load(in *b, second);
                var x = TV.Create(a0[off]);
                c00 = TV.MultiplyAdd(x, b0, c00);
                c01 = TV.MultiplyAdd(x, b1, c01);
                x = TV.Create(a1[off]);
                c10 = TV.MultiplyAdd(x, b0, c10);
                c11 = TV.MultiplyAdd(x, b1, c11);
                x = TV.Create(a2[off]);
                c20 = TV.MultiplyAdd(x, b0, c20);
                c21 = TV.MultiplyAdd(x, b1, c21);
                x = TV.Create(a3[off]);
                c30 = TV.MultiplyAdd(x, b0, c30);
                c31 = TV.MultiplyAdd(x, b1, c31);
                x = TV.Create(a4[off]);
                c40 = TV.MultiplyAdd(x, b0, c40);
                c41 = TV.MultiplyAdd(x, b1, c41);
                x = TV.Create(a5[off]);
                c50 = TV.MultiplyAdd(x, b0, c50);
                c51 = TV.MultiplyAdd(x, b1, c51);
            }
        }
        if (scale != null)
        {
            TV m0 = TV.Load(in *scale, 0), m1 = TV.Load(in *scale, second), t0 = TV.Load(in *bias, 0), t1 = TV.Load(in *bias, second);
            c00 = TV.MultiplyAdd(c00, m0, t0); c01 = TV.MultiplyAdd(c01, m1, t1);
            c10 = TV.MultiplyAdd(c10, m0, t0); c11 = TV.MultiplyAdd(c11, m1, t1);
            c20 = TV.MultiplyAdd(c20, m0, t0); c21 = TV.MultiplyAdd(c21, m1, t1);
            c30 = TV.MultiplyAdd(c30, m0, t0); c31 = TV.MultiplyAdd(c31, m1, t1);
            c40 = TV.MultiplyAdd(c40, m0, t0); c41 = TV.MultiplyAdd(c41, m1, t1);
            c50 = TV.MultiplyAdd(c50, m0, t0); c51 = TV.MultiplyAdd(c51, m1, t1);
        }
        Store<TAct>(c00, c01, c, residual);
        if (height > 1) Store<TAct>(c10, c11, c + ldc, residual);
        if (height > 2) Store<TAct>(c20, c21, c + 2 * ldc, residual);
        if (height > 3) Store<TAct>(c30, c31, c + 3 * ldc, residual);
        if (height > 4) Store<TAct>(c40, c41, c + 4 * ldc, residual);
        if (height > 5) Store<TAct>(c50, c51, c + 5 * ldc, residual);
        TileActivation.Apply<TAct, TV>(c, ldc, height, Columns);
    }

    /// <summary>Stores <paramref name="left"/>, <paramref name="right"/> as one row of the tile at <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TAct>(TV left, TV right, float* c, nint residual) where TAct : struct, IActivation
    {
        TileActivation.Store<TAct, TV>(left, c, residual);
        TileActivation.Store<TAct, TV>(right, c + TV.Count, residual);
    }
}
