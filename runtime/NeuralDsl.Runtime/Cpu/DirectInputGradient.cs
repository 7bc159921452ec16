using System.Buffers;

namespace NeuralDsl.Cpu;

/// <summary>
/// A convolution's input gradient without im2col: <c>dx = Σ_{ky, kx} shift_{ky, kx}(dz · W[ky, kx]ᵀ)</c>. For each window
/// cell (ky, kx), <see cref="GemmEngine"/>'s register tiles multiply up to <c>Mr</c> neighbouring cells of one output row
/// of dz (read in place) by that cell's kernel slice, and the products are added onto the input cells those outputs read
/// there: <c>StrideWidth · InputChannels</c> floats apart, those in the padding skipped.
/// </summary>
/// <remarks>
/// <para>The im2col form wrote <c>dz · Wᵀ</c> as columns nine times the size of the input (for a 3×3 window) and then added
/// them back onto it, both passes at memory speed; a convolution of the zero-padded dz with the turned kernel (tried first)
/// multiplies 40 % zeros at the borders of an 11×11 output. Here every multiply-add is one of the gradient's own.</para>
/// <para>Images are independent and each runs on one thread, its input gradient summed in (ky, kx) order: the result is bit
/// for bit the same on any number of threads.</para>
/// </remarks>
internal static unsafe class DirectInputGradient
{
    /// <summary>Overwrites <paramref name="inputGradient"/> (<paramref name="rows"/> images) with dL/dx from the output
    /// gradient <paramref name="dz"/> and the kernel <c>[WindowHeight, WindowWidth, InputChannels, filters]</c>.</summary>
    public static void Compute(float* dz, float* kernel, float* inputGradient, int rows, in Window2D w, int filters, GemmPath path)
    {
        var action = new ComputeAction { Dz = dz, Kernel = kernel, InputGradient = inputGradient, Rows = rows, Window = w, Filters = filters };
        GemmEngine.WithTile(path, w.InputChannels, ref action);
    }

    private struct ComputeAction : ITileAction
    {
        public float* Dz, Kernel, InputGradient;
        public int Rows, Filters;
        public Window2D Window;

        public readonly void Run<TTile>() where TTile : struct, IGemmTile => Compute<TTile>(this);
    }

    private static void Compute<TTile>(in ComputeAction action) where TTile : struct, IGemmTile
    {
        var w = action.Window;
        int channels = w.InputChannels, filters = action.Filters, cells = w.WindowHeight * w.WindowWidth;
        int panels = (channels + TTile.Columns - 1) / TTile.Columns;
        int cellPanels = panels * filters * TTile.Columns;
        float[] packed = ArrayPool<float>.Shared.Rent(GemmEngine.PackedLength(cells * cellPanels));
        try
        {
            fixed (float* rented = packed)
            {
                float* pp = GemmEngine.LineStart(rented);
                // B of window cell (ky, kx) is W[ky, kx]ᵀ: filters × channels, packed in panels of channels.
                for (int cell = 0; cell < cells; cell++)
                    GemmEngine.PackTransposedPanels<TTile>(action.Kernel + (nint)cell * channels * filters, filters, channels, filters,
                        pp + (nint)cell * cellPanels);
                var job = new ImagesJob<TTile> { Action = action, Packed = pp, Panels = panels };
                int parts = GemmEngine.Threads(w.MultiplyAdds(action.Rows, filters), action.Rows);
                if (parts <= 1) job.Run(0, 1);
                else WorkerPool.Run(ref job, parts);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
        }
    }

    private struct ImagesJob<TTile> : IParallelJob where TTile : struct, IGemmTile
    {
        public ComputeAction Action;
        public float* Packed;
        public int Panels;

        public readonly void Run(int part, int parts)
        {
            var (from, to) = WorkerPool.PartRange(Action.Rows, part, parts);
            var w = Action.Window;
            float* sums = stackalloc float[TTile.Rows * TTile.Columns];
            float** rows = stackalloc float*[TTile.Rows];
            for (int n = from; n < to; n++)
                Image<TTile>(Action.Dz + (nint)n * w.OutputPositions * Action.Filters, Packed, Action.InputGradient + (nint)n * w.InputSize, w,
                    Action.Filters, Panels, sums, rows);
        }
    }

    /// <summary>One image's input gradient: zero, then each window cell's products added on.</summary>
    /// <param name="sums">Scratch for one tile; <paramref name="rows"/> for its row starts.</param>
    private static void Image<TTile>(float* dz, float* packed, float* dx, in Window2D w, int filters, int panels, float* sums, float** rows)
        where TTile : struct, IGemmTile
    {
        int mr = TTile.Rows, nr = TTile.Columns, channels = w.InputChannels;
        int cellPanels = panels * filters * nr;
        nint cellStride = (nint)w.StrideWidth * channels;
        new Span<float>(dx, w.InputSize).Clear(); // cells no window reads (strides past the window) keep a zero gradient
        for (int ky = 0; ky < w.WindowHeight; ky++)
            for (int oy = 0; oy < w.OutputHeight; oy++)
            {
                int iy = oy * w.StrideHeight + ky - w.PadTop;
                if (iy < 0 || iy >= w.InputHeight) continue; // the window row lies in the padding
                for (int kx = 0; kx < w.WindowWidth; kx++)
                {
                    // The output cells whose input cell ox · StrideWidth + kx − PadLeft lies inside the image.
                    int first = Math.Max(0, CeilingDivide(w.PadLeft - kx, w.StrideWidth));
                    int last = Math.Min(w.OutputWidth - 1, FloorDivide(w.InputWidth - 1 + w.PadLeft - kx, w.StrideWidth));
                    float* b = packed + (nint)(ky * w.WindowWidth + kx) * cellPanels;
                    for (int q = 0; q < panels; q++)
                    {
                        int col0 = q * nr, width = Math.Min(nr, channels - col0);
                        for (int ox = first; ox <= last; ox += mr)
                        {
                            int height = Math.Min(mr, last - ox + 1);
                            GemmEngine.AffineRows(rows, dz + ((nint)oy * w.OutputWidth + ox) * filters, filters, height);
                            TTile.Multiply<Linear>(rows, 1, 0, 1, b + (nint)q * filters * nr, nr, filters, null, null, 0, sums, nr, height);
                            float* c = dx + ((nint)iy * w.InputWidth + ox * w.StrideWidth + kx - w.PadLeft) * channels + col0;
                            GemmEngine.AddTile(sums, nr, c, cellStride, height, width, overwrite: false);
                        }
                    }
                }
            }
    }

    private static int CeilingDivide(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private static int FloorDivide(int a, int b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
