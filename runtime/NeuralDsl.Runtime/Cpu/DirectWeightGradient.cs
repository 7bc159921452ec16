using System.Buffers;

namespace NeuralDsl.Cpu;

/// <summary>
/// A convolution's kernel gradient without im2col: <c>dW[(ky, kx, c), f] = Σ_{n, oy, ox} x[n, oy·sy + ky, ox·sx + kx, c] ·
/// dz[n, oy, ox, f]</c>, with <see cref="GemmEngine"/>'s register tiles reading the NHWC input and the output gradient in
/// place. A tile is up to <c>Mr</c> consecutive rows (ky, kx, c) of the kernel gradient × one panel of filters, each row
/// reading the input from its own place in the window (a tile may span window rows: a 3×3 window over one channel is one
/// tile of 8 rows and one of 1, not three of 3), and its reduction runs over one image's output cells, one output row a
/// segment (<see cref="IGemmTile.Multiply"/>).
/// </summary>
/// <remarks>
/// <para>The im2col form read a column chunk of 4 MiB once per panel with a 1 KiB stride between the values a tile uses,
/// so the weight gradient ran at a sixth of the multiply-add peak: most of its loads missed the cache. Here the tiles go
/// over the images a block at a time that fits the L2 cache (<see cref="BlockFloats"/>), so the input and the output
/// gradient of a block are read from memory once and from L2 by every tile.</para>
/// <para>Each image's sums are a separate chain added onto the gradient in image order, and every output value belongs to
/// one tile: the result is bit for bit the same on any number of threads.</para>
/// </remarks>
internal static unsafe class DirectWeightGradient
{
    /// <summary>Floats of input (or padded frames) and output gradient one block of images may hold: 512 KiB, a quarter of
    /// the dev machine's L2, so both stay cached while every tile of the block reads them.</summary>
    internal const int BlockFloats = 1 << 17;

    /// <summary>
    /// Overwrites <paramref name="kernelGradient"/> (<c>WindowHeight·WindowWidth·InputChannels × filters</c>) with the
    /// gradient from <paramref name="rows"/> images <paramref name="x"/> and output gradients <paramref name="dz"/>;
    /// <paramref name="frames"/> holds <paramref name="chunk"/> zero-padded frames of <see cref="DirectConvolution.FrameSize"/>
    /// floats (unused when that is 0), and images are padded <paramref name="chunk"/> at a time. Unless
    /// <paramref name="biasGradient"/> is null, overwrites it with the column sums of dz, summed row by row in order (as
    /// <see cref="Conv2DMath"/>'s own pass sums them) from the blocks the tiles have in cache. With
    /// <paramref name="accumulate"/> both are added onto instead, in the same order: the images of a batch passed a block at a
    /// time give the gradients of the whole batch passed at once, bit for bit.
    /// </summary>
    public static void Compute(float* x, float* dz, float* kernelGradient, float* biasGradient, float* frames, int chunk, int rows, in Window2D w,
        int filters, GemmPath path, bool accumulate = false)
    {
        var action = new ComputeAction
        {
            X = x,
            Dz = dz,
            Gradient = kernelGradient,
            Bias = biasGradient,
            Frames = frames,
            Chunk = chunk,
            Rows = rows,
            Window = w,
            Filters = filters,
            Accumulate = accumulate,
        };
        GemmEngine.WithTile(path, filters, ref action);
    }

    private struct ComputeAction : ITileAction
    {
        public float* X, Dz, Gradient, Bias, Frames;
        public int Chunk, Rows, Filters;
        public bool Accumulate;
        public Window2D Window;

        public readonly void Run<TTile>() where TTile : struct, IGemmTile => Compute<TTile>(this);
    }

    /// <summary>Where the tiles of one chunk of images read and write.</summary>
    private struct Geometry
    {
        public float* Images;   // image n at Images + n · ImageStride, its rows RowStride apart
        public nint ImageStride, RowStride;
        public float* Panels;   // panel q of image n at Panels + q · PanelStride + n · PanelImageStride, rows Ldb apart
        public nint PanelStride, PanelImageStride, Ldb;
        public float* Gradient;
        public float* Bias, Dz;  // the bias gradient (null: none), summed by the part with item 0 from the chunk's dz
        public Window2D Window;
        public int Filters, Count, PanelCount, Tiles, Block;
        public bool First;      // the chunk holds the first image: its sums overwrite the gradient
    }

    private static void Compute<TTile>(in ComputeAction job) where TTile : struct, IGemmTile
    {
        var w = job.Window;
        int nr = TTile.Columns, positions = w.OutputPositions, panels = (job.Filters + nr - 1) / nr;
        int run = w.WindowWidth * w.InputChannels, frame = DirectConvolution.FrameSize(w);
        int chunk = frame == 0 ? job.Rows : job.Chunk;
        // The output gradient is read in place when its rows are whole panels; otherwise each chunk is packed, zero-padded.
        bool inPlace = job.Filters % nr == 0;
        float[] packed = inPlace ? [] : ArrayPool<float>.Shared.Rent(GemmEngine.PackedLength(chunk * positions * panels * nr));
        if (job.Bias != null && !job.Accumulate) new Span<float>(job.Bias, job.Filters).Clear(); // 0 + the first row is the first row, as a fresh sum
        try
        {
            fixed (float* rented = packed)
            {
                float* pp = GemmEngine.LineStart(rented);
                for (int first = 0; first < job.Rows; first += chunk)
                {
                    int count = Math.Min(chunk, job.Rows - first);
                    float* dz = job.Dz + (nint)first * positions * job.Filters;
                    if (!inPlace) GemmEngine.PackPanels<TTile>(dz, job.Filters, count * positions, job.Filters, pp);
                    int imageFloats = (frame == 0 ? w.InputSize : frame) + positions * job.Filters;
                    var g = new Geometry
                    {
                        Panels = inPlace ? dz : pp,
                        PanelStride = inPlace ? nr : (nint)count * positions * nr,
                        PanelImageStride = (nint)positions * (inPlace ? job.Filters : nr),
                        Ldb = inPlace ? job.Filters : nr,
                        Gradient = job.Gradient,
                        Bias = job.Bias,
                        Dz = dz,
                        Window = w,
                        Filters = job.Filters,
                        Count = count,
                        PanelCount = panels,
                        Tiles = (w.WindowHeight * run + TTile.Rows - 1) / TTile.Rows,
                        Block = Math.Max(1, BlockFloats / imageFloats),
                        First = first == 0 && !job.Accumulate,
                    };
                    if (frame == 0)
                    {
                        g.Images = job.X + (nint)first * w.InputSize;
                        g.ImageStride = w.InputSize;
                        g.RowStride = (nint)w.InputWidth * w.InputChannels;
                    }
                    else
                    {
                        for (int n = 0; n < count; n++) DirectConvolution.Pad(job.X + (nint)(first + n) * w.InputSize, job.Frames + (nint)n * frame, w);
                        g.Images = job.Frames;
                        g.ImageStride = frame;
                        g.RowStride = (nint)DirectConvolution.Extent(w).Width * w.InputChannels;
                    }
                    RunTiles<TTile>(g);
                }
            }
        }
        finally
        {
            if (!inPlace) ArrayPool<float>.Shared.Return(packed);
        }
    }

    /// <summary>Every (tile of kernel-gradient rows, panel) of a chunk, split between cores when the chunk is large enough.</summary>
    private static void RunTiles<TTile>(in Geometry g) where TTile : struct, IGemmTile
    {
        var w = g.Window;
        int items = g.Tiles * g.PanelCount;
        int threads = GemmEngine.Threads(w.MultiplyAdds(g.Count, g.Filters), items);
        if (threads <= 1)
        {
            RunItems<TTile>(g, 0, items);
            return;
        }
        var job = new TilesJob<TTile> { Geometry = g, Items = items };
        WorkerPool.Run(ref job, threads);
    }

    private struct TilesJob<TTile> : IParallelJob where TTile : struct, IGemmTile
    {
        public Geometry Geometry;
        public int Items;

        public readonly void Run(int part, int parts)
        {
            var (from, to) = WorkerPool.PartRange(Items, part, parts);
            RunItems<TTile>(Geometry, from, to);
        }
    }

    /// <summary>Tiles [from, to) over every image of the chunk, a block of images at a time so the block stays in cache
    /// while all the tiles read it.</summary>
    private static void RunItems<TTile>(in Geometry g, int from, int to) where TTile : struct, IGemmTile
    {
        var w = g.Window;
        int mr = TTile.Rows, nr = TTile.Columns, run = w.WindowWidth * w.InputChannels;
        nint cellStride = (nint)w.StrideWidth * w.InputChannels, rowStep = w.StrideHeight * g.RowStride;
        float* sums = stackalloc float[mr * nr];
        float** rows = stackalloc float*[mr];
        nint* starts = stackalloc nint[mr]; // where each row of the tile reads within an image
        for (int block = 0; block < g.Count; block += g.Block)
        {
            int last = Math.Min(g.Count, block + g.Block);
            // Each row of the block's dz added onto the bias sums in order (a target stride of 0: every row lands on the same sums).
            if (g.Bias != null && from == 0)
                GemmEngine.AddTile(g.Dz + (nint)block * w.OutputPositions * g.Filters, g.Filters, g.Bias, 0, (last - block) * w.OutputPositions, g.Filters,
                    overwrite: false);
            for (int item = from; item < to; item++)
            {
                int q = item % g.PanelCount, first = item / g.PanelCount * mr;
                int height = Math.Min(mr, w.WindowHeight * run - first), col0 = q * nr, width = Math.Min(nr, g.Filters - col0);
                for (int r = 0; r < height; r++)
                {
                    int ky = (first + r) / run;
                    starts[r] = ky * g.RowStride + (first + r - ky * run);
                }
                float* c = g.Gradient + (nint)first * g.Filters + col0;
                for (int n = block; n < last; n++)
                {
                    float* a = g.Images + n * g.ImageStride;
                    float* b = g.Panels + q * g.PanelStride + n * g.PanelImageStride;
                    for (int r = 0; r < height; r++) rows[r] = a + starts[r];
                    TTile.Multiply<Linear>(rows, cellStride, rowStep, w.OutputHeight, b, g.Ldb, w.OutputWidth, null, null, 0, sums, nr, height);
                    GemmEngine.AddTile(sums, nr, c, g.Filters, height, width, overwrite: g.First && n == 0);
                }
            }
        }
    }
}
