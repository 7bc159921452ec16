using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>The AVX-512 register tile: 8 rows × 32 columns in sixteen 512-bit accumulators (of the 32 registers). A tile
/// cut by the bottom of a product runs the 8-row kernel from 5 rows, the 4-row kernel from 2 (rows past the height read
/// row 0 again and their sums are dropped, which costs no more time than fewer chains) and a 1-row kernel for one.</summary>
internal readonly unsafe struct Avx512Tile : IGemmTile
{
    public static int Rows => 8;

    /// <summary>Two 512-bit vectors.</summary>
    public static int Columns => 32;

    public static void Multiply<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias,
        float* scale, nint residual, float* c, nint ldc, int height)
        where TAct : struct, IActivation
    {
        if (height > 4) Kernel8<TAct>(rows, aCol, aSegment, segments, b, ldb, depth, bias, scale, residual, c, ldc, height);
        else if (height > 1) Kernel4<TAct>(rows, aCol, aSegment, segments, b, ldb, depth, bias, scale, residual, c, ldc, height);
        else Kernel1<TAct>(rows[0], aCol, aSegment, segments, b, ldb, depth, bias, scale, residual, c);
        TileActivation.Apply<TAct, Simd512>(c, ldc, height, Columns);
    }

    private static void Kernel8<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias, float* scale,
        nint residual, float* c, nint ldc, int height)
        where TAct : struct, IActivation
    {
        Vector512<float> s0 = Vector512<float>.Zero, s1 = Vector512<float>.Zero;
        if (bias != null && scale == null)
        {
            s0 = Vector512.Load(bias);
            s1 = Vector512.Load(bias + 16);
        }
        Vector512<float> c00 = s0, c01 = s1, c10 = s0, c11 = s1, c20 = s0, c21 = s1, c30 = s0, c31 = s1;
        Vector512<float> c40 = s0, c41 = s1, c50 = s0, c51 = s1, c60 = s0, c61 = s1, c70 = s0, c71 = s1;
        float* a0 = rows[0], a1 = rows[1], a2 = rows[2], a3 = rows[3], a4 = rows[4];
        float* a5 = height > 5 ? rows[5] : a0, a6 = height > 6 ? rows[6] : a0, a7 = height > 7 ? rows[7] : a0;
        for (int segment = 0; segment < segments; segment++)
        {
            nint off = segment * aSegment;
            for (int p = 0; p < depth; p++, off += aCol, b += ldb)
            {
                var b0 = Vector512.Load(b);
                var b1 = Vector512.Load(b + 16);
                var x = Vector512.Create(a0[off]);
                c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a1[off]);
                c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a2[off]);
                c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a3[off]);
                c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
                x = Vector512.Create(a4[off]);
                c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(a5[off]);
                c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
                x = Vector512.Create(a6[off]);
                c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(a7[off]);
                c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            }
        }
        if (scale != null)
        {
            Vector512<float> m0 = Vector512.Load(scale), m1 = Vector512.Load(scale + 16), t0 = Vector512.Load(bias), t1 = Vector512.Load(bias + 16);
            c00 = Vector512.FusedMultiplyAdd(c00, m0, t0); c01 = Vector512.FusedMultiplyAdd(c01, m1, t1);
            c10 = Vector512.FusedMultiplyAdd(c10, m0, t0); c11 = Vector512.FusedMultiplyAdd(c11, m1, t1);
            c20 = Vector512.FusedMultiplyAdd(c20, m0, t0); c21 = Vector512.FusedMultiplyAdd(c21, m1, t1);
            c30 = Vector512.FusedMultiplyAdd(c30, m0, t0); c31 = Vector512.FusedMultiplyAdd(c31, m1, t1);
            c40 = Vector512.FusedMultiplyAdd(c40, m0, t0); c41 = Vector512.FusedMultiplyAdd(c41, m1, t1);
            c50 = Vector512.FusedMultiplyAdd(c50, m0, t0); c51 = Vector512.FusedMultiplyAdd(c51, m1, t1);
            c60 = Vector512.FusedMultiplyAdd(c60, m0, t0); c61 = Vector512.FusedMultiplyAdd(c61, m1, t1);
            c70 = Vector512.FusedMultiplyAdd(c70, m0, t0); c71 = Vector512.FusedMultiplyAdd(c71, m1, t1);
        }
        TileActivation.Store<TAct>(c00, c, residual); TileActivation.Store<TAct>(c01, c + 16, residual); c += ldc;
        TileActivation.Store<TAct>(c10, c, residual); TileActivation.Store<TAct>(c11, c + 16, residual); c += ldc;
        TileActivation.Store<TAct>(c20, c, residual); TileActivation.Store<TAct>(c21, c + 16, residual); c += ldc;
        TileActivation.Store<TAct>(c30, c, residual); TileActivation.Store<TAct>(c31, c + 16, residual); c += ldc;
        TileActivation.Store<TAct>(c40, c, residual); TileActivation.Store<TAct>(c41, c + 16, residual); c += ldc;
        if (height > 5) { TileActivation.Store<TAct>(c50, c, residual); TileActivation.Store<TAct>(c51, c + 16, residual); c += ldc; }
        if (height > 6) { TileActivation.Store<TAct>(c60, c, residual); TileActivation.Store<TAct>(c61, c + 16, residual); c += ldc; }
        if (height > 7) { TileActivation.Store<TAct>(c70, c, residual); TileActivation.Store<TAct>(c71, c + 16, residual); }
    }

    private static void Kernel4<TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias, float* scale,
        nint residual, float* c, nint ldc, int height)
        where TAct : struct, IActivation
    {
        Vector512<float> s0 = Vector512<float>.Zero, s1 = Vector512<float>.Zero;
        if (bias != null && scale == null)
        {
            s0 = Vector512.Load(bias);
            s1 = Vector512.Load(bias + 16);
        }
        Vector512<float> c00 = s0, c01 = s1, c10 = s0, c11 = s1, c20 = s0, c21 = s1, c30 = s0, c31 = s1;
        float* a0 = rows[0], a1 = rows[1], a2 = height > 2 ? rows[2] : a0, a3 = height > 3 ? rows[3] : a0;
        for (int segment = 0; segment < segments; segment++)
        {
            nint off = segment * aSegment;
            for (int p = 0; p < depth; p++, off += aCol, b += ldb)
            {
                var b0 = Vector512.Load(b);
                var b1 = Vector512.Load(b + 16);
                var x = Vector512.Create(a0[off]);
                c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a1[off]);
                c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a2[off]);
                c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a3[off]);
                c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            }
        }
        if (scale != null)
        {
            Vector512<float> m0 = Vector512.Load(scale), m1 = Vector512.Load(scale + 16), t0 = Vector512.Load(bias), t1 = Vector512.Load(bias + 16);
            c00 = Vector512.FusedMultiplyAdd(c00, m0, t0); c01 = Vector512.FusedMultiplyAdd(c01, m1, t1);
            c10 = Vector512.FusedMultiplyAdd(c10, m0, t0); c11 = Vector512.FusedMultiplyAdd(c11, m1, t1);
            c20 = Vector512.FusedMultiplyAdd(c20, m0, t0); c21 = Vector512.FusedMultiplyAdd(c21, m1, t1);
            c30 = Vector512.FusedMultiplyAdd(c30, m0, t0); c31 = Vector512.FusedMultiplyAdd(c31, m1, t1);
        }
        TileActivation.Store<TAct>(c00, c, residual); TileActivation.Store<TAct>(c01, c + 16, residual); c += ldc;
        TileActivation.Store<TAct>(c10, c, residual); TileActivation.Store<TAct>(c11, c + 16, residual); c += ldc;
        if (height > 2) { TileActivation.Store<TAct>(c20, c, residual); TileActivation.Store<TAct>(c21, c + 16, residual); c += ldc; }
        if (height > 3) { TileActivation.Store<TAct>(c30, c, residual); TileActivation.Store<TAct>(c31, c + 16, residual); }
    }

    private static void Kernel1<TAct>(float* a, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth, float* bias, float* scale,
        nint residual, float* c)
        where TAct : struct, IActivation
    {
        Vector512<float> c0 = Vector512<float>.Zero, c1 = Vector512<float>.Zero;
        if (bias != null && scale == null)
        {
            c0 = Vector512.Load(bias);
            c1 = Vector512.Load(bias + 16);
        }
        for (int segment = 0; segment < segments; segment++)
        {
            nint off = segment * aSegment;
            for (int p = 0; p < depth; p++, off += aCol, b += ldb)
            {
                var x = Vector512.Create(a[off]);
                c0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b), c0);
                c1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 16), c1);
            }
        }
        if (scale != null)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, Vector512.Load(scale), Vector512.Load(bias));
            c1 = Vector512.FusedMultiplyAdd(c1, Vector512.Load(scale + 16), Vector512.Load(bias + 16));
        }
        TileActivation.Store<TAct>(c0, c, residual);
        TileActivation.Store<TAct>(c1, c + 16, residual);
    }
}
