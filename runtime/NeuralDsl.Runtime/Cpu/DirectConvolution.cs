using System.Buffers;

namespace NeuralDsl.Cpu;

/// <summary>
/// The forward convolution without im2col: <see cref="GemmEngine"/>'s register tiles read the NHWC input in place. A tile
/// is up to <c>Mr</c> consecutive output cells (across the ends of output rows and images) × one panel of filters, and its
/// reduction runs over the window one window row at a time: within a window row the (kx, c) values of a cell are one
/// contiguous run of the input that starts where the cell's window does (<see cref="IGemmTile.Multiply"/>'s rows and
/// segments). Where the windows reach outside the input, each image is first copied into a zero-padded frame (a fraction
/// of the im2col columns, which hold every input value once per window cell that reads it).
/// </summary>
/// <remarks>The reduction visits p = (ky, kx, c) in increasing order with the kernel packed as the im2col product packs it,
/// so every output is bit for bit what im2col + GEMM computes.</remarks>
internal static unsafe class DirectConvolution
{
    /// <summary>Floats of one image's zero-padded frame: the rows and columns the windows read, with the padding; 0 when
    /// every window lies inside the input, which is then read in place.</summary>
    public static int FrameSize(in Window2D w)
    {
        var (height, width) = Extent(w);
        bool inside = w.PadTop == 0 && w.PadLeft == 0 && height <= w.InputHeight && width <= w.InputWidth;
        return inside ? 0 : checked(height * width * w.InputChannels);
    }

    /// <summary>Rows and columns the windows cover, padding included.</summary>
    internal static (int Height, int Width) Extent(in Window2D w) =>
        ((w.OutputHeight - 1) * w.StrideHeight + w.WindowHeight, (w.OutputWidth - 1) * w.StrideWidth + w.WindowWidth);

    /// <summary>
    /// <c>output = f(conv(x, kernel) + bias)</c> over <paramref name="rows"/> images, <paramref name="bias"/> null for none;
    /// <paramref name="frames"/> holds <paramref name="chunk"/> frames of <see cref="FrameSize"/> floats (unused when that is 0),
    /// and images are padded and convolved <paramref name="chunk"/> at a time.
    /// </summary>
    /// <remarks>With a <paramref name="scale"/> (one per filter; the bias then required) each sum is scaled before the bias
    /// is added: a BatchNormalization folded into the epilogue instead of into a copy of the kernel. With a
    /// <paramref name="residual"/> (laid out as the output, never the output itself) it is added before the activation: an
    /// Add fused into the epilogue.</remarks>
    public static void Forward<TAct>(float* x, float* kernel, float* bias, float* output, float* frames, int chunk, int rows, in Window2D w,
        int filters, GemmPath path, float* scale = null, float* residual = null)
        where TAct : struct, IActivation
    {
        var action = new ForwardAction<TAct>
        {
            X = x,
            Kernel = kernel,
            Bias = bias,
            Scale = scale,
            Residual = residual,
            Output = output,
            Frames = frames,
            Chunk = chunk,
            Rows = rows,
            Window = w,
            Filters = filters,
        };
        GemmEngine.WithTile(path, filters, ref action);
    }

    private struct ForwardAction<TAct> : ITileAction where TAct : struct, IActivation
    {
        public float* X, Kernel, Bias, Scale, Residual, Output, Frames;
        public int Chunk, Rows, Filters;
        public Window2D Window;

        public readonly void Run<TTile>() where TTile : struct, IGemmTile => Forward<TTile, TAct>(this);
    }

    /// <summary>Where a tile reads and writes: images, output rows and panels of one chunk.</summary>
    private struct Geometry
    {
        public float* Images;       // image n of the chunk at Images + n · ImageStride
        public nint ImageStride, RowStride;
        public float* Output;       // the chunk's first output value
        public float* Panels;       // panel q at Panels + q · PanelStride, its rows Ldb apart
        public nint PanelStride, Ldb;
        public float* Bias, Scale; // Scale null unless a BatchNormalization is folded into the epilogue
        public nint Residual;      // from an output to its residual (0: none): IGemmTile.Multiply
        public Window2D Window;
        public int Filters, Count, PanelCount; // images in the chunk, panels of filters
    }

    private static void Forward<TTile, TAct>(in ForwardAction<TAct> job) where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        var w = job.Window;
        int k = w.WindowHeight * w.WindowWidth * w.InputChannels, panels = (job.Filters + TTile.Columns - 1) / TTile.Columns;
        int frame = FrameSize(w);
        var (_, frameWidth) = Extent(w);
        bool inPlace = GemmEngine.ReadsInPlace<TTile>(job.Filters);
        float[] packed = inPlace ? [] : ArrayPool<float>.Shared.Rent(GemmEngine.PackedLength(panels * k * TTile.Columns));
        try
        {
            fixed (float* rented = packed)
            {
                float* pp = GemmEngine.LineStart(rented);
                if (!inPlace) GemmEngine.PackPanels<TTile>(job.Kernel, job.Filters, k, job.Filters, pp);
                int chunk = frame == 0 ? job.Rows : job.Chunk;
                for (int first = 0; first < job.Rows; first += chunk)
                {
                    int count = Math.Min(chunk, job.Rows - first);
                    var g = new Geometry
                    {
                        Output = job.Output + (nint)first * w.OutputPositions * job.Filters,
                        Panels = inPlace ? job.Kernel : pp,
                        PanelStride = inPlace ? TTile.Columns : (nint)k * TTile.Columns,
                        Ldb = inPlace ? job.Filters : TTile.Columns,
                        Bias = job.Bias,
                        Scale = job.Scale,
                        Residual = job.Residual == null ? 0 : (nint)(job.Residual - job.Output),
                        Window = w,
                        Filters = job.Filters,
                        Count = count,
                        PanelCount = panels,
                    };
                    if (frame == 0)
                    {
                        g.Images = job.X + (nint)first * w.InputSize;
                        g.ImageStride = w.InputSize;
                        g.RowStride = (nint)w.InputWidth * w.InputChannels;
                    }
                    else
                    {
                        for (int n = 0; n < count; n++) Pad(job.X + (nint)(first + n) * w.InputSize, job.Frames + (nint)n * frame, w);
                        g.Images = job.Frames;
                        g.ImageStride = frame;
                        g.RowStride = (nint)frameWidth * w.InputChannels;
                    }
                    RunRows<TTile, TAct>(g);
                }
            }
        }
        finally
        {
            if (!inPlace) ArrayPool<float>.Shared.Return(packed);
        }
    }

    /// <summary>Copies one image into its frame: the input rows and columns the windows read, zeros where the padding is
    /// (only there: clearing the whole frame first would write it twice).</summary>
    internal static void Pad(float* image, float* frame, in Window2D w)
    {
        var (height, width) = Extent(w);
        int c = w.InputChannels;
        int rows = Math.Min(w.InputHeight, height - w.PadTop), columns = Math.Min(w.InputWidth, width - w.PadLeft);
        int rowFloats = width * c, left = w.PadLeft * c, copied = columns * c, right = rowFloats - left - copied;
        new Span<float>(frame, w.PadTop * rowFloats).Clear();
        for (int iy = 0; iy < rows; iy++)
        {
            float* row = frame + (nint)(iy + w.PadTop) * rowFloats;
            new Span<float>(row, left).Clear();
            new ReadOnlySpan<float>(image + (nint)iy * w.InputWidth * c, copied).CopyTo(new Span<float>(row + left, copied));
            new Span<float>(row + left + copied, right).Clear();
        }
        new Span<float>(frame + (nint)(w.PadTop + rows) * rowFloats, (height - w.PadTop - rows) * rowFloats).Clear();
    }

    /// <summary>Output cells a work item covers, in tiles: the tiles of a group reuse one panel of filters back to back, and a
    /// batch-1 image larger than a group (ResNet-20's 32×32 outputs: 4 groups of 16 tiles of 16 cells) still splits into
    /// several items for the cores; one of at most 16 tiles splits by panels only.</summary>
    private const int TilesPerGroup = 16;

    /// <summary>Every (group of output cells, panel) of a chunk, split between cores when the chunk is large enough. The
    /// cells run in (image, output row, output column) order and a tile takes the next <c>Mr</c> of them across the ends
    /// of output rows and images, so an 11-wide output row does not leave a 3-row tile.</summary>
    private static void RunRows<TTile, TAct>(in Geometry g) where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        var w = g.Window;
        int groupCells = TTile.Rows * Math.Min(TilesPerGroup, (w.OutputPositions + TTile.Rows - 1) / TTile.Rows);
        int groups = (int)(((long)g.Count * w.OutputPositions + groupCells - 1) / groupCells);
        int items = groups * g.PanelCount;
        int threads = GemmEngine.Threads(w.MultiplyAdds(g.Count, g.Filters), items);
        if (threads <= 1)
        {
            RunItems<TTile, TAct>(g, groupCells, 0, items);
            return;
        }
        var job = new RowsJob<TTile, TAct> { Geometry = g, GroupCells = groupCells, Items = items };
        WorkerPool.Run(ref job, threads);
    }

    private struct RowsJob<TTile, TAct> : IParallelJob where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        public Geometry Geometry;
        public int GroupCells, Items;

        public readonly void Run(int part, int parts)
        {
            var (from, to) = WorkerPool.PartRange(Items, part, parts);
            RunItems<TTile, TAct>(Geometry, GroupCells, from, to);
        }
    }

    /// <summary>Items [from, to) in (group, panel) order, each the tiles of <paramref name="groupCells"/> output cells.</summary>
    private static void RunItems<TTile, TAct>(in Geometry g, int groupCells, int from, int to) where TTile : struct, IGemmTile where TAct : struct, IActivation
    {
        var w = g.Window;
        int mr = TTile.Rows, nr = TTile.Columns, c = w.InputChannels;
        int depth = w.WindowWidth * c;
        long cells = (long)g.Count * w.OutputPositions;
        nint cellStride = (nint)w.StrideWidth * c, rowStep = w.StrideHeight * g.RowStride;
        nint rowJump = rowStep - w.OutputWidth * cellStride, imageJump = g.ImageStride - w.OutputHeight * rowStep;
        float* tile = stackalloc float[2 * mr * nr];
        float* biasTile = stackalloc float[nr];
        float* scaleTile = stackalloc float[nr];
        float** rows = stackalloc float*[mr];
        for (int item = from; item < to; item++)
        {
            int group = item / g.PanelCount, q = item - group * g.PanelCount;
            int col0 = q * nr, width = Math.Min(nr, g.Filters - col0);
            float* bias = GemmEngine.PanelValues(g.Bias, col0, width, nr, biasTile);
            float* scale = GemmEngine.PanelValues(g.Scale, col0, width, nr, scaleTile);
            float* b = g.Panels + q * g.PanelStride;
            long first = (long)group * groupCells, end = Math.Min(cells, first + groupCells);
            // Where the group's first cell's window starts; each tile row then steps to the next cell, jumping at the ends of
            // output rows and images.
            int n = (int)(first / w.OutputPositions), position = (int)(first - (long)n * w.OutputPositions);
            int oy = position / w.OutputWidth, ox = position - oy * w.OutputWidth;
            float* at = g.Images + n * g.ImageStride + oy * rowStep + ox * cellStride;
            for (long cell = first; cell < end; cell += mr)
            {
                int height = (int)Math.Min(mr, end - cell);
                for (int r = 0; r < height; r++)
                {
                    rows[r] = at;
                    at += cellStride;
                    if (++ox == w.OutputWidth)
                    {
                        ox = 0;
                        at += rowJump;
                        if (++oy == w.OutputHeight)
                        {
                            oy = 0;
                            at += imageJump;
                        }
                    }
                }
                GemmEngine.MultiplyTile<TTile, TAct>(rows, 1, g.RowStride, w.WindowHeight, b, g.Ldb, depth, bias, scale, g.Residual,
                    g.Output + (nint)cell * g.Filters + col0, g.Filters, height, width, tile);
            }
        }
    }
}
