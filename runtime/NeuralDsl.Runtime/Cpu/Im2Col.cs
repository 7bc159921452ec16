using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary>
/// im2col and its adjoint col2im for NHWC images. Row <c>n·positions + oy·OutputWidth + ox</c> of the
/// columns holds the patch of output cell (oy, ox) of image n in (ky, kx, c) order, zeros for padding;
/// within one ky the kx·c values are one contiguous run of the input, so both directions copy / add runs.
/// Images are independent, so large batches are split into two halves run on two threads; each value is
/// still computed by one thread in the same order.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>Floats moved from which the images are split between two threads.</summary>
    private const long ParallelThreshold = 1 << 18;

    /// <summary>columns[count·positions × K] = im2col(x[count × InputSize]).</summary>
    public static void Expand(ReadOnlySpan<float> x, Span<float> columns, int count, in Window2D w)
    {
        int image = w.InputSize, patch = w.OutputPositions * w.WindowHeight * w.WindowWidth * w.InputChannels;
        CheckSizes(x.Length, columns.Length, count, image, patch);
        fixed (float* px = x, pc = columns)
        {
            if (Threads(count, (long)count * patch) < 2)
            {
                for (int n = 0; n < count; n++) ExpandImage(px + (nint)n * image, pc + (nint)n * patch, w);
                return;
            }
            ExpandParallel(px, pc, count, w);
        }
    }

    /// <summary>dx[count × InputSize] = col2im(dcolumns): each column value added back onto the input cell it was
    /// copied from (padding dropped). Overwrites <paramref name="dx"/>.</summary>
    public static void Collapse(ReadOnlySpan<float> columns, Span<float> dx, int count, in Window2D w)
    {
        int image = w.InputSize, patch = w.OutputPositions * w.WindowHeight * w.WindowWidth * w.InputChannels;
        CheckSizes(dx.Length, columns.Length, count, image, patch);
        fixed (float* pc = columns, px = dx)
        {
            if (Threads(count, (long)count * patch) < 2)
            {
                for (int n = 0; n < count; n++) CollapseImage(pc + (nint)n * patch, px + (nint)n * image, w);
                return;
            }
            CollapseParallel(pc, px, count, w);
        }
    }

    /// <summary>The copies run on raw pointers: a buffer too short must fail here, not write past its end.</summary>
    private static void CheckSizes(int images, int columns, int count, int image, int patch)
    {
        if (images < (long)count * image || columns < (long)count * patch)
            throw new ArgumentException(
                $"im2col buffers too small for {count} images: need {(long)count * image} image and {(long)count * patch} column floats but got {images} and {columns}.");
    }

    private static int Threads(int count, long work) =>
        count >= 2 && work >= ParallelThreshold ? Math.Min(2, Math.Min(Gemm.MaxDegreeOfParallelism, Environment.ProcessorCount)) : 1;

    private static void ExpandParallel(float* x, float* columns, int count, Window2D w)
    {
        var job = new HalvesJob { Source = x, Destination = columns, Count = count, Window = w, Collapse = false };
        WorkerPool.Run(ref job, 2);
    }

    private static void CollapseParallel(float* columns, float* dx, int count, Window2D w)
    {
        var job = new HalvesJob { Source = columns, Destination = dx, Count = count, Window = w, Collapse = true };
        WorkerPool.Run(ref job, 2);
    }

    /// <summary>im2col or col2im over one half of the images.</summary>
    private struct HalvesJob : IParallelJob
    {
        public float* Source, Destination;
        public int Count;
        public Window2D Window;
        public bool Collapse;

        public readonly void Run(int part, int parts)
        {
            int image = Window.InputSize, patch = Window.OutputPositions * Window.WindowHeight * Window.WindowWidth * Window.InputChannels;
            var (from, to) = WorkerPool.PartRange(Count, part, parts);
            for (int n = from; n < to; n++)
            {
                if (Collapse) CollapseImage(Source + (nint)n * patch, Destination + (nint)n * image, Window);
                else ExpandImage(Source + (nint)n * image, Destination + (nint)n * patch, Window);
            }
        }
    }

    private static void ExpandImage(float* x, float* columns, in Window2D w)
    {
        int c = w.InputChannels, run = w.WindowWidth * c, k = w.WindowHeight * run;
        float* dst = columns;
        for (int oy = 0; oy < w.OutputHeight; oy++)
        {
            int iy0 = oy * w.StrideHeight - w.PadTop;
            for (int ox = 0; ox < w.OutputWidth; ox++, dst += k)
            {
                int ix0 = ox * w.StrideWidth - w.PadLeft;
                (int kx0, int kx1) = Window2D.Clip(ix0, w.WindowWidth, w.InputWidth);
                int lead = kx0 * c, length = Math.Max(0, kx1 - kx0) * c;
                for (int ky = 0; ky < w.WindowHeight; ky++)
                {
                    float* d = dst + ky * run;
                    int iy = iy0 + ky;
                    if ((uint)iy >= (uint)w.InputHeight || length == 0)
                    {
                        Clear(d, run);
                        continue;
                    }
                    Clear(d, lead);
                    Copy(x + ((nint)iy * w.InputWidth + ix0 + kx0) * c, d + lead, length);
                    Clear(d + lead + length, run - lead - length);
                }
            }
        }
    }

    private static void CollapseImage(float* columns, float* dx, in Window2D w)
    {
        new Span<float>(dx, w.InputSize).Clear();
        int c = w.InputChannels, run = w.WindowWidth * c, k = w.WindowHeight * run;
        float* src = columns;
        for (int oy = 0; oy < w.OutputHeight; oy++)
        {
            int iy0 = oy * w.StrideHeight - w.PadTop;
            for (int ox = 0; ox < w.OutputWidth; ox++, src += k)
            {
                int ix0 = ox * w.StrideWidth - w.PadLeft;
                (int kx0, int kx1) = Window2D.Clip(ix0, w.WindowWidth, w.InputWidth);
                int lead = kx0 * c, length = Math.Max(0, kx1 - kx0) * c;
                if (length == 0) continue;
                for (int ky = 0; ky < w.WindowHeight; ky++)
                {
                    int iy = iy0 + ky;
                    if ((uint)iy >= (uint)w.InputHeight) continue;
                    VectorOps.Axpy(1f, new ReadOnlySpan<float>(src + ky * run + lead, length), new Span<float>(dx + ((nint)iy * w.InputWidth + ix0 + kx0) * c, length));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Clear(float* d, int n)
    {
        for (int i = 0; i < n; i++) d[i] = 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* s, float* d, int n)
    {
        if (n >= 16)
        {
            new ReadOnlySpan<float>(s, n).CopyTo(new Span<float>(d, n));
            return;
        }
        for (int i = 0; i < n; i++) d[i] = s[i];
    }
}
