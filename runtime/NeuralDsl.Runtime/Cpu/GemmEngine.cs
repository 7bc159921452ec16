using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralDsl.Cpu;

/// <summary>
/// The engine behind <see cref="Gemm"/> and <see cref="DenseMath.Forward{TActivation}"/>: one
/// product <c>C[i, j] = f(bias[j] + Σ_p A(i, p)·B(p, j))</c>, where A is read in place through a
/// (row, column) stride pair and B is packed into zero-padded panels of Nr columns.
/// Output tiles of Mr×Nr stay in registers for the whole reduction; the bias seeds the accumulators and
/// the activation is applied on the way out (fused epilogue). Mr and Nr belong to the path's
/// <see cref="IGemmTile"/>: <see cref="Avx512Tile"/> with AVX-512, else <see cref="VectorTile{TV}"/> of the widest
/// fast vector (<see cref="GemmPath"/>).
/// </summary>
internal static unsafe class GemmEngine
{
    /// <summary>Multiply-adds from which a product is split across cores. Measured on the 2-core dev
    /// machine: a 128×784×128 product (12.8 M) ran 1.45–1.6× faster on two threads when the machine was
    /// idle, while 128×128×128 (2.1 M) gained 1.3× idle but lost 30–40 % under load, so only products
    /// the size of a 784-wide layer are split. Each output tile is still computed by one thread in the
    /// same order, so the result does not depend on the split.</summary>
    internal static long ParallelThreshold = 1L << 23;

    /// <summary>Threads for work of <paramref name="multiplyAdds"/> split into <paramref name="items"/> independent items:
    /// one below <see cref="ParallelThreshold"/>, else up to <see cref="MaxThreads"/>, never more than the items.</summary>
    internal static int Threads(long multiplyAdds, int items) => multiplyAdds >= ParallelThreshold ? Math.Max(1, Math.Min(MaxThreads, items)) : 1;

    /// <summary>Upper bound on the threads one product uses (tests and benchmarks set it to 1).</summary>
    internal static int MaxThreads = Environment.ProcessorCount;

    /// <summary>The path this hardware runs fastest. A 256-bit tile needs FMA: without it every multiply-add rounds twice
    /// and the 128-bit path is as fast.</summary>
    internal static readonly GemmPath FastestPath =
        Vector512.IsHardwareAccelerated ? GemmPath.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmPath.Avx2
        : Vector128.IsHardwareAccelerated ? GemmPath.Vector128
        : GemmPath.Scalar;

    /// <summary>A(i, p) = A[i·ARow + p·ACol]; B panel q row p at B + q·PanelStride + p·Ldb.</summary>
    private struct Problem
    {
        public float* A;
        public nint ARow, ACol;
        public float* B;
        public nint PanelStride, Ldb;
        public float* Bias, Scale; // Scale: null, or a per-column factor applied before the bias (IGemmTile.Multiply)
        public float* Residual;    // null, or a tensor laid out as C added before the activation (IGemmTile.Multiply)
        public float* C;
        public nint Ldc;
        public int Rows, Depth, Columns;
    }

    // ---- The three forms ------------------------------------------------------------------------

    /// <summary><c>c[m×n] = f(a[m×k]·b[k×n] + bias)</c>; <paramref name="bias"/> empty for none.</summary>
    public static void Nn<TAct>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n)
        where TAct : struct, IActivation
    {
        if (m is > 0 and < FewRows) NnByRows<TAct>(a, b, bias, c, m, k, n);
        else Nn<TAct>(a, b, bias, c, m, k, n, FastestPath);
    }

    /// <summary>Below this many rows the forward product reads B in place (<see cref="RowProduct"/>) instead of packing it:
    /// packing copies all of B once per call, which for one row (a single prediction) costs more than the product itself
    /// (measured with AVX2, 784×128 weights: 40 µs a prediction packed, 14 µs streamed).</summary>
    internal const int FewRows = 4;

    private static void NnByRows<TAct>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n)
        where TAct : struct, IActivation
    {
        fixed (float* pa = a, pb = b, pbias = bias, pc = c) RowProduct.Run<TAct>(pa, pb, bias.IsEmpty ? null : pbias, pc, m, k, n);
    }

    /// <summary><see cref="Nn{TAct}(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
    /// on the given path (any path runs on any hardware, the ones it lacks emulated).</summary>
    /// <param name="scale">Empty, or one factor per column applied to the sum before the bias (which it requires).</param>
    /// <param name="residual">Empty, or m×n values added to the result before the activation (an Add fused into the
    /// epilogue); never c itself.</param>
    public static void Nn<TAct>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> bias, Span<float> c, int m, int k, int n,
        GemmPath path, ReadOnlySpan<float> scale = default, ReadOnlySpan<float> residual = default)
        where TAct : struct, IActivation
    {
        if (m <= 0 || n <= 0) return;
        if (!residual.IsEmpty && residual.Overlaps(c))
            throw new ArgumentException("The residual overlaps c: the epilogue would read values the tiles have already written.", nameof(residual));
        fixed (float* pa = a, pb = b, pbias = bias, pscale = scale, presidual = residual, pc = c)
        {
            var problem = new Problem
            {
                A = pa,
                ARow = k,
                ACol = 1,
                Bias = bias.IsEmpty ? null : pbias,
                Scale = scale.IsEmpty ? null : pscale,
                Residual = residual.IsEmpty ? null : presidual,
                C = pc,
                Ldc = n,
                Rows = m,
                Depth = k,
                Columns = n,
            };
            PackAndRun<TAct>(problem, pb, n, transposedB: false, path, forward: true);
        }
    }

    /// <summary><c>c[k×n] = a[m×k]ᵀ·b[m×n]</c>.</summary>
    public static void Tn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n) => Tn(a, b, c, m, k, n, FastestPath);

    /// <inheritdoc cref="Tn(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
    public static void Tn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, GemmPath path)
    {
        if (k <= 0 || n <= 0) return;
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
            PackAndRun<Linear>(problem, pb, n, transposedB: false, path);
        }
    }

    /// <summary><c>c[m×k] = a[m×n]·b[k×n]ᵀ</c>.</summary>
    public static void Nt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n) => Nt(a, b, c, m, k, n, FastestPath);

    /// <inheritdoc cref="Nt(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>
    public static void Nt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, GemmPath path)
    {
        if (m <= 0 || k <= 0) return;
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
            PackAndRun<Linear>(problem, pb, n, transposedB: true, path);
        }
    }

    private static void PackAndRun<TAct>(Problem problem, float* b, nint ldb, bool transposedB, GemmPath path, bool forward = false)
        where TAct : struct, IActivation
    {
        var run = new PackAndRunAction<TAct> { Problem = problem, B = b, Ldb = ldb, TransposedB = transposedB, Forward = forward };
        WithTile(path, problem.Columns, ref run);
    }

    /// <summary>Runs <paramref name="action"/> with the register tile of <paramref name="path"/> for a product of
    /// <paramref name="columns"/> columns: the one place a path becomes a tile.</summary>
    internal static void WithTile<TAction>(GemmPath path, int columns, ref TAction action) where TAction : struct, ITileAction
    {
        switch (path)
        {
            case GemmPath.Avx512 when columns <= Avx512NarrowTile.Columns:
            case GemmPath.Avx512Narrow: action.Run<Avx512NarrowTile>(); break;
            case GemmPath.Avx512: action.Run<Avx512Tile>(); break;
            case GemmPath.Avx2: action.Run<VectorTile<Simd256>>(); break;
            case GemmPath.Vector128: action.Run<VectorTile<Simd128>>(); break;
            default: action.Run<VectorTile<SimdScalar>>(); break;
        }
    }

    private struct PackAndRunAction<TAct> : ITileAction where TAct : struct, IActivation
    {
        public Problem Problem;
        public float* B;
        public nint Ldb;
        public bool TransposedB, Forward;

        public readonly void Run<TTile>() where TTile : struct, IGemmTile => PackAndRun<TTile, TAct>(Problem, B, Ldb, TransposedB, Forward);
    }

    /// <summary>Most columns of a forward product's B that the tiles read in place (<see cref="ReadsInPlace{TTile}"/>): a
    /// wider row stride (2048 floats is 8 KiB) would map the rows of a panel onto few cache sets.</summary>
    private const int InPlaceColumns = 256;

    /// <summary>Whether a forward product reads its B (a layer's kernel) in place rather than packed: when its columns are
    /// whole panels, each panel is already Nr contiguous columns of every row, and packing would copy the kernel on every
    /// call (at batch 1 the copy, a read and a write of every weight, costs as much as the product's own read).</summary>
    internal static bool ReadsInPlace<TTile>(int columns) where TTile : struct, IGemmTile =>
        columns % TTile.Columns == 0 && columns <= InPlaceColumns;

    /// <summary>Floats to rent for <paramref name="length"/> packed floats that start at <see cref="LineStart"/>.</summary>
    internal static int PackedLength(int length) => length + AlignedFloats.Alignment / sizeof(float) - 1;

    /// <summary>The first cache-line boundary at or after <paramref name="p"/>: packed panels start there (their rows are
    /// whole vectors), so the tiles' vector loads of B never straddle two lines, as with the aligned parameters.</summary>
    internal static float* LineStart(float* p) => (float*)(((nint)p + (AlignedFloats.Alignment - 1)) & ~(nint)(AlignedFloats.Alignment - 1));

    /// <summary>Packs B (row-major with leading dimension <paramref name="ldb"/>, or its transpose) into
    /// zero-padded panels of Nr columns, completes the problem with them and runs it; a forward product whose B is whole
    /// panels reads it in place.</summary>
    private static void PackAndRun<TTile, TAct>(Problem problem, float* b, nint ldb, bool transposedB, bool forward)
        where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        int depth = problem.Depth, columns = problem.Columns;
        if (forward && ReadsInPlace<TTile>(columns))
        {
            problem.B = b;
            problem.PanelStride = TTile.Columns;
            problem.Ldb = ldb;
            Run<TTile, TAct>(problem);
            return;
        }
        int panels = (columns + TTile.Columns - 1) / TTile.Columns;
        float[] packed = ArrayPool<float>.Shared.Rent(PackedLength(panels * depth * TTile.Columns));
        fixed (float* rented = packed)
        {
            float* pp = LineStart(rented);
            if (transposedB) PackTransposedPanels<TTile>(b, ldb, columns, depth, pp);
            else PackPanels<TTile>(b, ldb, depth, columns, pp);
            problem.B = pp;
            problem.PanelStride = (nint)depth * TTile.Columns;
            problem.Ldb = TTile.Columns;
            Run<TTile, TAct>(problem);
        }
        ArrayPool<float>.Shared.Return(packed);
    }

    // ---- Packing --------------------------------------------------------------------------------

    /// <summary>Row-major <c>src[depth×columns]</c> (row stride <paramref name="ld"/>) into panels
    /// <c>dst[q][p][0..Nr)</c>, the last one zero-padded.</summary>
    internal static void PackPanels<TTile>(float* src, nint ld, int depth, int columns, float* dst) where TTile : struct, IGemmTile
    {
        int nr = TTile.Columns, full = columns / nr, rest = columns - full * nr;
        for (int q = 0; q < full; q++)
        {
            float* s = src + q * nr;
            float* d = dst + (nint)q * depth * nr;
            // A constant size per path, which the JIT copies with a few vector moves.
            for (int p = 0; p < depth; p++, s += ld, d += nr) Unsafe.CopyBlockUnaligned(d, s, (uint)(TTile.Columns * sizeof(float)));
        }
        if (rest > 0)
        {
            float* s = src + full * nr;
            float* d = dst + (nint)full * depth * nr;
            for (int p = 0; p < depth; p++, s += ld, d += nr)
            {
                int j = 0;
                for (; j < rest; j++) d[j] = s[j];
                for (; j < nr; j++) d[j] = 0f;
            }
        }
    }

    /// <summary>The transpose of row-major <c>src[columns×depth]</c> (row stride <paramref name="ld"/>)
    /// into panels <c>dst[q][p][jj] = src[q·Nr + jj, p]</c>, the last one zero-padded.</summary>
    internal static void PackTransposedPanels<TTile>(float* src, nint ld, int columns, int depth, float* dst) where TTile : struct, IGemmTile
    {
        int nr = TTile.Columns, panels = (columns + nr - 1) / nr;
        for (int q = 0; q < panels; q++)
        {
            float* d = dst + (nint)q * depth * nr;
            int width = Math.Min(nr, columns - q * nr);
            for (int jj = 0; jj < width; jj++)
            {
                float* s = src + (nint)(q * nr + jj) * ld;
                for (int p = 0; p < depth; p++) d[(nint)p * nr + jj] = s[p];
            }
            for (int jj = width; jj < nr; jj++)
                for (int p = 0; p < depth; p++) d[(nint)p * nr + jj] = 0f;
        }
    }

    // ---- Tiles and threads ----------------------------------------------------------------------

    private static void Run<TTile, TAct>(Problem problem) where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        int rowBlocks = (problem.Rows + TTile.Rows - 1) / TTile.Rows;
        int panels = (problem.Columns + TTile.Columns - 1) / TTile.Columns;
        int tiles = rowBlocks * panels;
        long work = (long)problem.Rows * problem.Depth * problem.Columns;
        int threads = Threads(work, tiles);
        if (threads <= 1)
        {
            RunTiles<TTile, TAct>(problem, 0, tiles);
            return;
        }
        RunParallel<TTile, TAct>(problem, tiles, threads);
    }

    private static void RunParallel<TTile, TAct>(Problem problem, int tiles, int threads) where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        var job = new TileJob<TTile, TAct> { Problem = problem, Tiles = tiles };
        WorkerPool.Run(ref job, threads);
    }

    /// <summary>Consecutive ranges of tiles, one per part.</summary>
    private struct TileJob<TTile, TAct> : IParallelJob where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        public Problem Problem;
        public int Tiles;

        public readonly void Run(int part, int parts)
        {
            var (from, to) = WorkerPool.PartRange(Tiles, part, parts);
            RunTiles<TTile, TAct>(Problem, from, to);
        }
    }

    /// <summary>Tiles [from, to) in panel-major order, so one packed panel serves consecutive tiles.</summary>
    private static void RunTiles<TTile, TAct>(in Problem pr, int from, int to) where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        int mr = TTile.Rows, nr = TTile.Columns;
        int rowBlocks = (pr.Rows + mr - 1) / mr;
        float* tile = stackalloc float[2 * mr * nr];
        float* biasTile = stackalloc float[nr];
        float* scaleTile = stackalloc float[nr];
        float** rows = stackalloc float*[mr];
        nint residual = pr.Residual == null ? 0 : (nint)(pr.Residual - pr.C); // the same place in its own buffer
        for (int t = from; t < to; t++)
        {
            int q = t / rowBlocks, block = t - q * rowBlocks;
            int col0 = q * nr, width = Math.Min(nr, pr.Columns - col0);
            int row0 = block * mr, height = Math.Min(mr, pr.Rows - row0);
            float* bias = PanelValues(pr.Bias, col0, width, nr, biasTile);
            float* scale = PanelValues(pr.Scale, col0, width, nr, scaleTile);
            AffineRows(rows, pr.A + row0 * pr.ARow, pr.ARow, height);
            MultiplyTile<TTile, TAct>(rows, pr.ACol, 0, 1, pr.B + q * pr.PanelStride, pr.Ldb, pr.Depth, bias, scale, residual,
                pr.C + row0 * pr.Ldc + col0, pr.Ldc, height, width, tile);
        }
    }

    /// <summary>The starts of <paramref name="height"/> rows of A that lie <paramref name="aRow"/> floats apart, from
    /// <paramref name="a"/> (<see cref="IGemmTile.Multiply"/>'s rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AffineRows(float** rows, float* a, nint aRow, int height)
    {
        for (int r = 0; r < height; r++) rows[r] = a + r * aRow;
    }

    /// <summary>The per-column values (a bias or a scale) of the panel of columns [col0, col0 + width): in place for a whole
    /// panel, else copied into <paramref name="scratch"/> (Nr floats) with zeros past the width; null without them.</summary>
    internal static float* PanelValues(float* values, int col0, int width, int nr, float* scratch)
    {
        if (values == null || width == nr) return values == null ? null : values + col0;
        for (int j = 0; j < nr; j++) scratch[j] = j < width ? values[col0 + j] : 0f;
        return scratch;
    }

    /// <summary>One register tile into c (row stride <paramref name="ldc"/>): a tile cut by the right edge
    /// (<paramref name="width"/> &lt; Nr) is computed whole into <paramref name="scratch"/> (2 × Mr × Nr floats: the sums,
    /// then the residual's valid columns beside them) and its valid columns copied out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MultiplyTile<TTile, TAct>(float** rows, nint aCol, nint aSegment, int segments, float* b, nint ldb, int depth,
        float* bias, float* scale, nint residual, float* c, nint ldc, int height, int width, float* scratch)
        where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        int nr = TTile.Columns;
        if (width == nr)
        {
            TTile.Multiply<TAct>(rows, aCol, aSegment, segments, b, ldb, depth, bias, scale, residual, c, ldc, height);
            return;
        }
        float* addend = scratch + TTile.Rows * nr;
        if (residual != 0)
            for (int r = 0; r < height; r++)
                new ReadOnlySpan<float>(c + r * ldc + residual, width).CopyTo(new Span<float>(addend + r * nr, width));
        TTile.Multiply<TAct>(rows, aCol, aSegment, segments, b, ldb, depth, bias, scale, residual == 0 ? 0 : (nint)(addend - scratch),
            scratch, nr, height);
        for (int r = 0; r < height; r++)
            new ReadOnlySpan<float>(scratch + r * nr, width).CopyTo(new Span<float>(c + r * ldc, width));
    }

    /// <summary><c>c += sums</c> over a tile of <paramref name="height"/> rows of <paramref name="width"/> (or <c>c = sums</c>):
    /// one chain of sums added in order.</summary>
    internal static void AddTile(float* sums, int nr, float* c, nint ldc, int height, int width, bool overwrite)
    {
        for (int r = 0; r < height; r++)
        {
            float* source = sums + r * nr, target = c + r * ldc;
            int j = 0;
            if (overwrite)
            {
                new ReadOnlySpan<float>(source, width).CopyTo(new Span<float>(target, width));
                continue;
            }
            if (Vector256.IsHardwareAccelerated)
                for (; j + Vector256<float>.Count <= width; j += Vector256<float>.Count)
                    (Vector256.Load(target + j) + Vector256.Load(source + j)).Store(target + j);
            for (; j < width; j++) target[j] += source[j];
        }
    }
}
