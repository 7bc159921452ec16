using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>
/// The engine behind <see cref="Gemm"/> and <see cref="DenseMath.Forward{TActivation}"/>: one
/// product <c>C[i, j] = f(bias[j] + Σ_p A(i, p)·B(p, j))</c>, where A is read in place through a
/// (row, column) stride pair and B is packed into zero-padded panels of <see cref="Nr"/> columns.
/// Output tiles of <see cref="Mr"/>×<see cref="Nr"/> stay in registers for the whole reduction; the
/// bias seeds the accumulators and the activation is applied on the way out (fused epilogue).
/// </summary>
internal static unsafe class GemmEngine
{
    /// <summary>Rows of one register tile.</summary>
    public const int Mr = 8;

    /// <summary>Columns of one register tile (two 512-bit vectors).</summary>
    public const int Nr = 32;

    /// <summary>Multiply-adds from which a product is split across cores. Measured on the 2-core dev
    /// machine: a 128×784×128 product (12.8 M) ran 1.45–1.6× faster on two threads when the machine was
    /// idle, while 128×128×128 (2.1 M) gained 1.3× idle but lost 30–40 % under load, so only products
    /// the size of a 784-wide layer are split. Each output tile is still computed by one thread in the
    /// same order, so the result does not depend on the split.</summary>
    internal static long ParallelThreshold = 1L << 23;

    /// <summary>Upper bound on the threads one product uses (tests and benchmarks set it to 1).</summary>
    internal static int MaxThreads = Environment.ProcessorCount;

    /// <summary>A(i, p) = A[i·ARow + p·ACol]; B panel q row p at B + q·PanelStride + p·Nr.</summary>
    private struct Problem
    {
        public float* A;
        public nint ARow, ACol;
        public float* B;
        public nint PanelStride;
        public float* Bias;
        public float* C;
        public nint Ldc;
        public int Rows, Depth, Columns;
    }

    // ---- The three forms ------------------------------------------------------------------------

    /// <summary><c>c[m×n] = f(a[m×k]·b[k×n] + bias)</c>; <paramref name="bias"/> empty for none.</summary>
    public static void Nn<TAct>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n)
        where TAct : struct, IActivation
    {
        if (m <= 0 || n <= 0) return;
        if (!Vector512.IsHardwareAccelerated)
        {
            Portable.Nn<TAct>(a, b, bias, c, m, k, n);
            return;
        }
        fixed (float* pa = a, pb = b, pbias = bias, pc = c)
        {
            var problem = new Problem
            {
                A = pa,
                ARow = k,
                ACol = 1,
                Bias = bias.IsEmpty ? null : pbias,
                C = pc,
                Ldc = n,
                Rows = m,
                Depth = k,
                Columns = n,
            };
            PackAndRun<TAct>(problem, pb, n, transposedB: false);
        }
    }

    /// <summary><c>c[k×n] = a[m×k]ᵀ·b[m×n]</c>.</summary>
    public static void Tn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        if (k <= 0 || n <= 0) return;
        if (!Vector512.IsHardwareAccelerated)
        {
            Portable.Tn(a, b, c, m, k, n);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new Problem
            {
                A = pa,
                ARow = 1,
                ACol = k,
                C = pc,
                Ldc = n,
                Rows = k,
                Depth = m,
                Columns = n,
            };
            PackAndRun<Linear>(problem, pb, n, transposedB: false);
        }
    }

    /// <summary><c>c[m×k] = a[m×n]·b[k×n]ᵀ</c>.</summary>
    public static void Nt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        if (m <= 0 || k <= 0) return;
        if (!Vector512.IsHardwareAccelerated)
        {
            Portable.Nt(a, b, c, m, k, n);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new Problem
            {
                A = pa,
                ARow = n,
                ACol = 1,
                C = pc,
                Ldc = k,
                Rows = m,
                Depth = n,
                Columns = k,
            };
            PackAndRun<Linear>(problem, pb, n, transposedB: true);
        }
    }

    /// <summary>Packs B (row-major with leading dimension <paramref name="ldb"/>, or its transpose) into
    /// zero-padded panels of Nr columns, completes the problem with them and runs it.</summary>
    private static void PackAndRun<TAct>(Problem problem, float* b, nint ldb, bool transposedB) where TAct : struct, IActivation
    {
        int depth = problem.Depth, columns = problem.Columns;
        int panels = (columns + Nr - 1) / Nr;
        float[] packed = ArrayPool<float>.Shared.Rent(Math.Max(1, panels * depth * Nr));
        fixed (float* pp = packed)
        {
            if (transposedB) PackTransposedPanels(b, ldb, columns, depth, pp);
            else PackPanels(b, ldb, depth, columns, pp);
            problem.B = pp;
            problem.PanelStride = (nint)depth * Nr;
            Run<TAct>(problem);
        }
        ArrayPool<float>.Shared.Return(packed);
    }

    // ---- Packing --------------------------------------------------------------------------------

    /// <summary>Row-major <c>src[depth×columns]</c> (row stride <paramref name="ld"/>) into panels
    /// <c>dst[q][p][0..Nr)</c>, the last one zero-padded.</summary>
    private static void PackPanels(float* src, nint ld, int depth, int columns, float* dst)
    {
        int full = columns / Nr, rest = columns - full * Nr;
        for (int q = 0; q < full; q++)
        {
            float* s = src + q * Nr;
            float* d = dst + (nint)q * depth * Nr;
            for (int p = 0; p < depth; p++, s += ld, d += Nr)
            {
                Vector512.Load(s).Store(d);
                Vector512.Load(s + 16).Store(d + 16);
            }
        }
        if (rest > 0)
        {
            float* s = src + full * Nr;
            float* d = dst + (nint)full * depth * Nr;
            for (int p = 0; p < depth; p++, s += ld, d += Nr)
            {
                int j = 0;
                for (; j < rest; j++) d[j] = s[j];
                for (; j < Nr; j++) d[j] = 0f;
            }
        }
    }

    /// <summary>The transpose of row-major <c>src[columns×depth]</c> (row stride <paramref name="ld"/>)
    /// into panels <c>dst[q][p][jj] = src[q·Nr + jj, p]</c>, the last one zero-padded.</summary>
    private static void PackTransposedPanels(float* src, nint ld, int columns, int depth, float* dst)
    {
        int panels = (columns + Nr - 1) / Nr;
        for (int q = 0; q < panels; q++)
        {
            float* d = dst + (nint)q * depth * Nr;
            int width = Math.Min(Nr, columns - q * Nr);
            for (int jj = 0; jj < width; jj++)
            {
                float* s = src + (nint)(q * Nr + jj) * ld;
                for (int p = 0; p < depth; p++) d[(nint)p * Nr + jj] = s[p];
            }
            for (int jj = width; jj < Nr; jj++)
                for (int p = 0; p < depth; p++) d[(nint)p * Nr + jj] = 0f;
        }
    }

    // ---- Tiles and threads ----------------------------------------------------------------------

    private static void Run<TAct>(Problem problem) where TAct : struct, IActivation
    {
        int rowBlocks = (problem.Rows + Mr - 1) / Mr;
        int panels = (problem.Columns + Nr - 1) / Nr;
        int tiles = rowBlocks * panels;
        long work = (long)problem.Rows * problem.Depth * problem.Columns;
        int threads = work >= ParallelThreshold ? Math.Min(MaxThreads, tiles) : 1;
        if (threads <= 1)
        {
            RunTiles<TAct>(problem, 0, tiles);
            return;
        }
        RunParallel<TAct>(problem, tiles, threads);
    }

    private static void RunParallel<TAct>(Problem problem, int tiles, int threads) where TAct : struct, IActivation
    {
        var job = new TileJob<TAct> { Problem = problem, Tiles = tiles };
        WorkerPool.Run(ref job, threads);
    }

    /// <summary>Consecutive ranges of tiles, one per part.</summary>
    private struct TileJob<TAct> : IParallelJob where TAct : struct, IActivation
    {
        public Problem Problem;
        public int Tiles;

        public readonly void Run(int part, int parts) =>
            RunTiles<TAct>(Problem, (int)((long)Tiles * part / parts), (int)((long)Tiles * (part + 1) / parts));
    }

    /// <summary>Tiles [from, to) in panel-major order, so one packed panel serves consecutive tiles.</summary>
    private static void RunTiles<TAct>(in Problem pr, int from, int to) where TAct : struct, IActivation
    {
        int rowBlocks = (pr.Rows + Mr - 1) / Mr;
        float* tile = stackalloc float[Mr * Nr];
        float* biasTile = stackalloc float[Nr];
        for (int t = from; t < to; t++)
        {
            int q = t / rowBlocks, block = t - q * rowBlocks;
            int col0 = q * Nr, width = Math.Min(Nr, pr.Columns - col0);
            int row0 = block * Mr, height = Math.Min(Mr, pr.Rows - row0);
            float* bias = null;
            if (pr.Bias != null)
            {
                if (width == Nr) bias = pr.Bias + col0;
                else
                {
                    for (int j = 0; j < Nr; j++) biasTile[j] = j < width ? pr.Bias[col0 + j] : 0f;
                    bias = biasTile;
                }
            }
            float* a = pr.A + row0 * pr.ARow;
            float* b = pr.B + q * pr.PanelStride;
            float* c = pr.C + row0 * pr.Ldc + col0;
            float* dst = width == Nr ? c : tile;
            nint ldd = width == Nr ? pr.Ldc : Nr;
            if (height == Mr) Kernel8<TAct>(a, pr.ARow, pr.ACol, b, pr.Depth, bias, dst, ldd);
            else
            {
                int r = 0;
                for (; r + 4 <= height; r += 4) Kernel4<TAct>(a + r * pr.ARow, pr.ARow, pr.ACol, b, pr.Depth, bias, dst + r * ldd, ldd);
                for (; r < height; r++) Kernel1<TAct>(a + r * pr.ARow, pr.ACol, b, pr.Depth, bias, dst + r * ldd);
            }
            if (width != Nr)
                for (int r = 0; r < height; r++)
                    new ReadOnlySpan<float>(tile + r * Nr, width).CopyTo(new Span<float>(c + r * pr.Ldc, width));
        }
    }

    // ---- Micro-kernels --------------------------------------------------------------------------

    /// <summary>Stores <c>f(acc)</c> at <paramref name="c"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TAct>(Vector512<float> acc, float* c) where TAct : struct, IActivation =>
        TAct.Apply(new Simd512(acc)).Store(ref *c, 0);

    private static void Kernel8<TAct>(float* a, nint aRow, nint aCol, float* b, int depth, float* bias, float* c, nint ldc)
        where TAct : struct, IActivation
    {
        Vector512<float> s0 = Vector512<float>.Zero, s1 = Vector512<float>.Zero;
        if (bias != null)
        {
            s0 = Vector512.Load(bias);
            s1 = Vector512.Load(bias + 16);
        }
        Vector512<float> c00 = s0, c01 = s1, c10 = s0, c11 = s1, c20 = s0, c21 = s1, c30 = s0, c31 = s1;
        Vector512<float> c40 = s0, c41 = s1, c50 = s0, c51 = s1, c60 = s0, c61 = s1, c70 = s0, c71 = s1;
        float* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
        float* a4 = a + 4 * aRow, a5 = a + 5 * aRow, a6 = a + 6 * aRow, a7 = a + 7 * aRow;
        nint off = 0;
        for (int p = 0; p < depth; p++, off += aCol, b += Nr)
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
        Finish<TAct>(c00, c); Finish<TAct>(c01, c + 16); c += ldc;
        Finish<TAct>(c10, c); Finish<TAct>(c11, c + 16); c += ldc;
        Finish<TAct>(c20, c); Finish<TAct>(c21, c + 16); c += ldc;
        Finish<TAct>(c30, c); Finish<TAct>(c31, c + 16); c += ldc;
        Finish<TAct>(c40, c); Finish<TAct>(c41, c + 16); c += ldc;
        Finish<TAct>(c50, c); Finish<TAct>(c51, c + 16); c += ldc;
        Finish<TAct>(c60, c); Finish<TAct>(c61, c + 16); c += ldc;
        Finish<TAct>(c70, c); Finish<TAct>(c71, c + 16);
    }

    private static void Kernel4<TAct>(float* a, nint aRow, nint aCol, float* b, int depth, float* bias, float* c, nint ldc)
        where TAct : struct, IActivation
    {
        Vector512<float> s0 = Vector512<float>.Zero, s1 = Vector512<float>.Zero;
        if (bias != null)
        {
            s0 = Vector512.Load(bias);
            s1 = Vector512.Load(bias + 16);
        }
        Vector512<float> c00 = s0, c01 = s1, c10 = s0, c11 = s1, c20 = s0, c21 = s1, c30 = s0, c31 = s1;
        float* a0 = a, a1 = a + aRow, a2 = a + 2 * aRow, a3 = a + 3 * aRow;
        nint off = 0;
        for (int p = 0; p < depth; p++, off += aCol, b += Nr)
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
        Finish<TAct>(c00, c); Finish<TAct>(c01, c + 16); c += ldc;
        Finish<TAct>(c10, c); Finish<TAct>(c11, c + 16); c += ldc;
        Finish<TAct>(c20, c); Finish<TAct>(c21, c + 16); c += ldc;
        Finish<TAct>(c30, c); Finish<TAct>(c31, c + 16);
    }

    private static void Kernel1<TAct>(float* a, nint aCol, float* b, int depth, float* bias, float* c)
        where TAct : struct, IActivation
    {
        Vector512<float> c0 = Vector512<float>.Zero, c1 = Vector512<float>.Zero;
        if (bias != null)
        {
            c0 = Vector512.Load(bias);
            c1 = Vector512.Load(bias + 16);
        }
        nint off = 0;
        for (int p = 0; p < depth; p++, off += aCol, b += Nr)
        {
            var x = Vector512.Create(a[off]);
            c0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b), c0);
            c1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + 16), c1);
        }
        Finish<TAct>(c0, c);
        Finish<TAct>(c1, c + 16);
    }

    // ---- Portable path (no 512-bit hardware) -----------------------------------------------------

    /// <summary>The same products with 256-bit vectors and scalar tails, for hardware without AVX-512
    /// (and callable directly by the tests on any hardware).</summary>
    internal static class Portable
    {
        public static void Nn<TAct>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n)
            where TAct : struct, IActivation
        {
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * n, n);
                if (bias.IsEmpty) row.Clear();
                else bias[..n].CopyTo(row);
                var arow = a.Slice(i * k, k);
                for (int p = 0; p < k; p++) Axpy(arow[p], b.Slice(p * n, n), row);
                for (int j = 0; j < n; j++) row[j] = TAct.Apply(new SimdScalar(row[j])).Value;
            }
        }

        public static void Tn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
        {
            c[..(k * n)].Clear();
            for (int r = 0; r < m; r++)
            {
                var brow = b.Slice(r * n, n);
                var arow = a.Slice(r * k, k);
                for (int p = 0; p < k; p++) Axpy(arow[p], brow, c.Slice(p * n, n));
            }
        }

        public static void Nt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
        {
            for (int i = 0; i < m; i++)
            {
                var arow = a.Slice(i * n, n);
                var crow = c.Slice(i * k, k);
                for (int p = 0; p < k; p++) crow[p] = Dot(arow, b.Slice(p * n, n));
            }
        }

        private static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
        {
            int n = y.Length, i = 0;
            fixed (float* px = x, py = y)
            {
                if (Vector256.IsHardwareAccelerated)
                {
                    var va = Vector256.Create(alpha);
                    for (; i <= n - 8; i += 8)
                        (Vector256.Load(py + i) + va * Vector256.Load(px + i)).Store(py + i);
                }
                for (; i < n; i++) py[i] += alpha * px[i];
            }
        }

        private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
        {
            int n = x.Length, i = 0;
            float sum = 0f;
            fixed (float* px = x, py = y)
            {
                if (Vector256.IsHardwareAccelerated)
                {
                    var acc = Vector256<float>.Zero;
                    for (; i <= n - 8; i += 8) acc += Vector256.Load(px + i) * Vector256.Load(py + i);
                    sum = Vector256.Sum(acc);
                }
                for (; i < n; i++) sum += px[i] * py[i];
            }
            return sum;
        }
    }
}
