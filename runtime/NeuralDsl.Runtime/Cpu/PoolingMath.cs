using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary>
/// Max and average pooling over NHWC images (one row = height × width × channels floats); the output has
/// the same channels, <see cref="Window2D.InputChannels"/>. Each output cell reads only the window cells that
/// lie inside the image: padding never wins a max and is not counted in a mean (as TensorFlow).
/// </summary>
/// <remarks>Channels are innermost, so every window cell is one contiguous run of channels, processed a whole vector
/// of channels at a time. Images are independent: large batches are split into two halves run on two threads, with the same
/// results as serially.</remarks>
public static unsafe class PoolingMath
{
    /// <summary>Floats read from which the images are split between two threads.</summary>
    private const long ParallelThreshold = 1 << 18;

    /// <summary>
    /// Max over each window per channel. <c>argmax[i]</c> is the index within <paramref name="x"/> (the whole batch)
    /// of the maximum behind output value i (the first one in (ky, kx) order on ties), where backward routes its gradient.
    /// </summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> output, Span<int> argmax, int rows, in Window2D window)
    {
        CheckIndexable(rows, window);
        Check(x.Length, "x", output.Length, "output", rows, window);
        long outputs = (long)rows * window.OutputPositions * window.InputChannels;
        if (argmax.Length < outputs)
            throw new ArgumentException($"argmax holds {argmax.Length} indices but the output has {outputs} values.", nameof(argmax));
        fixed (float* px = x, po = output)
        fixed (int* pa = argmax)
            Run(new Job(Operation.MaxForward, px, po, pa, window), rows);
    }

    /// <summary>Max over each window per channel, without the arg-max (inference: nothing runs backward).</summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> output, int rows, in Window2D window)
    {
        Check(x.Length, "x", output.Length, "output", rows, window);
        fixed (float* px = x, po = output)
            Run(new Job(Operation.MaxForward, px, po, null, window), rows);
    }

    /// <summary>Overwrites <paramref name="inputGradient"/>: zero, then <c>inputGradient[argmax[i]] += outputGradient[i]</c>.</summary>
    public static void MaxBackward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, int rows, in Window2D window) =>
        MaxBackwardThrough<Linear>(outputGradient, argmax, outputGradient, inputGradient, rows, window);

    /// <summary>
    /// Backward through the max pooling and the activation of the layer before it in one pass: overwrites
    /// <paramref name="inputGradient"/> with zero, then <c>inputGradient[argmax[i]] += outputGradient[i] · f'(output[i])</c>.
    /// The pooling's <paramref name="output"/> is the activation's output at the arg-max, so the derivative written
    /// through it (<see cref="IActivation"/>) is the one the layer's own backward would apply there; every other input
    /// cell's gradient is zero either way. Saves that layer a pass over its whole output and gradient.
    /// </summary>
    /// <remarks>Where no two windows share a cell (a stride at least the window: Keras's default), each input cell's gradient
    /// is written once, a vector of channels at a time, from the one window that may hold it (its output gradient where the
    /// arg-max is that cell, else zero) instead of clearing the image and scattering into it: one pass over the input
    /// gradient instead of two and a scalar loop. There an arg-max that points at no cell of its window is refused; the
    /// scatter (overlapping windows) refuses only one outside its image.</remarks>
    public static void MaxBackwardThrough<TActivation>(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, ReadOnlySpan<float> output,
        Span<float> inputGradient, int rows, in Window2D window)
        where TActivation : struct, IActivation
    {
        CheckIndexable(rows, window);
        Check(inputGradient.Length, "inputGradient", outputGradient.Length, "outputGradient", rows, window);
        int outputs = rows * window.OutputPositions * window.InputChannels;
        if (argmax.Length < outputs || output.Length < outputs)
            throw new ArgumentException(
                $"argmax holds {argmax.Length} indices and output {output.Length} values but the pooling has {outputs} outputs.", nameof(argmax));
        fixed (float* pdx = inputGradient, pg = outputGradient, po = output)
        fixed (int* pa = argmax)
            MaxBackwardThroughImages<TActivation>(pg, pa, po, pdx, 0, rows, window, (long)rows * window.InputSize >= ParallelThreshold);
    }

    /// <summary><see cref="MaxBackwardThrough{TActivation}"/> of images [<paramref name="from"/>, <paramref name="to"/>) of
    /// the batch (arg-maxes index the whole batch), image n's input gradient written at
    /// <c>inputGradient + (n − from) · InputSize</c>: a block's scratch (<see cref="Conv2DMath"/>'s pooled backward). Split
    /// between two threads when <paramref name="parallel"/> and there are two images.</summary>
    internal static void MaxBackwardThroughImages<TActivation>(float* outputGradient, int* argmax, float* output, float* inputGradient,
        int from, int to, in Window2D window, bool parallel)
        where TActivation : struct, IActivation
    {
        var job = new BackwardJob<TActivation>
        {
            Gradient = outputGradient,
            Output = output,
            Argmax = argmax,
            InputGradient = inputGradient - (nint)from * window.InputSize, // where image 0 would lie
            Window = window,
            From = from,
            Count = to - from,
        };
        if (parallel && job.Count >= 2 && Math.Min(Gemm.MaxDegreeOfParallelism, Environment.ProcessorCount) >= 2) WorkerPool.Run(ref job, 2);
        else job.Run(0, 1);
    }

    /// <summary><see cref="MaxBackwardThrough{TActivation}"/> over a range of images: each image's arg-maxes point into that
    /// image, so parts write disjoint gradients.</summary>
    private struct BackwardJob<TActivation> : IParallelJob where TActivation : struct, IActivation
    {
        public float* Gradient, Output, InputGradient;
        public int* Argmax;
        public Window2D Window;
        public int From, Count;

        public readonly void Run(int part, int parts)
        {
            var (from, to) = WorkerPool.PartRange(Count, part, parts);
            (from, to) = (From + from, From + to);
            int image = Window.InputSize, cells = Window.OutputPositions * Window.InputChannels;
            bool disjoint = Window.StrideHeight >= Window.WindowHeight && Window.StrideWidth >= Window.WindowWidth;
            for (int n = from; n < to; n++)
            {
                if (disjoint)
                {
                    var kernel = new GatherImageKernel<TActivation>(Gradient, Output, Argmax, InputGradient, n, Window);
                    SimdDispatch.Run(ref kernel);
                    continue;
                }
                long first = (long)n * image;
                new Span<float>(InputGradient + first, image).Clear();
                for (int i = n * cells, end = i + cells; i < end; i++)
                {
                    int at = Argmax[i];
                    if (at < 0) continue; // a window with no cell inside the image
                    // The indices come from the caller: one outside its image would write another part's values.
                    if ((ulong)(at - first) >= (ulong)image)
                        throw new ArgumentException($"argmax[{i}] = {at} lies outside image {n} (values {first} to {first + image - 1}).");
                    float g = Gradient[i];
                    if (typeof(TActivation) != typeof(Linear)) g *= TActivation.Derivative(new SimdScalar(Output[i])).Value;
                    InputGradient[at] += g;
                }
            }
        }
    }

    /// <summary>Max pooling's backward pass over image n whose windows share no cell: every input cell written once, zero
    /// where no arg-max points at it.</summary>
    private readonly struct GatherImageKernel<TActivation>(float* gradient, float* output, int* argmax, float* inputGradient, int n, Window2D w)
        : ISimdKernel
        where TActivation : struct, IActivation
    {
        public void Run<TV>() where TV : struct, ISimd<TV>
        {
            int c = w.InputChannels, imageBase = n * w.InputSize, rowStride = w.InputWidth * c;
            float* dx = inputGradient + imageBase;
            ClearUncovered(dx, w);
            nint o = (nint)n * w.OutputPositions * c;
            TV misses = TV.Zero;
            var missesScalar = SimdScalar.Zero;
            for (int oy = 0; oy < w.OutputHeight; oy++)
                for (int ox = 0; ox < w.OutputWidth; ox++, o += c)
                {
                    var (cell, rows, columns) = w.InsideCells(oy, ox);
                    int first = cell * c; // channel 0 of the window's first cell in the image
                    int channel = 0;
                    for (; channel + TV.Count <= c; channel += TV.Count)
                        misses += GatherWindow<TV, TActivation>(gradient + o + channel, output + o + channel, argmax + o + channel, dx,
                            imageBase, first + channel, rowStride, c, rows, columns);
                    for (; channel < c; channel++)
                        missesScalar += GatherWindow<SimdScalar, TActivation>(gradient + o + channel, output + o + channel, argmax + o + channel, dx,
                            imageBase, first + channel, rowStride, c, rows, columns);
                }
            // Each lane's count is a small whole number, so the sum is exact: 0 only when every arg-max found its cell.
            if (TV.Sum(misses) + missesScalar.Value != 0) throw StrayArgmax(argmax, n, w);
        }
    }

    /// <summary>The error for image n, naming its first arg-max that is not a cell of its window (the slow search runs only
    /// once something is known to be wrong).</summary>
    private static ArgumentException StrayArgmax(int* argmax, int n, in Window2D w)
    {
        int c = w.InputChannels, imageBase = n * w.InputSize;
        for (int oy = 0, i = n * w.OutputPositions * c; oy < w.OutputHeight; oy++)
            for (int ox = 0; ox < w.OutputWidth; ox++)
            {
                var (first, rows, columns) = w.InsideCells(oy, ox);
                for (int ch = 0; ch < c; ch++, i++)
                {
                    int at = argmax[i];
                    if (at == -1) continue;
                    int cell = (at - imageBase - ch) / c, dy = cell / w.InputWidth - first / w.InputWidth, dx = cell % w.InputWidth - first % w.InputWidth;
                    bool inside = at >= imageBase && at - imageBase < w.InputSize && (at - imageBase) % c == ch
                        && (uint)dy < (uint)rows && (uint)dx < (uint)columns;
                    if (!inside)
                        return new ArgumentException(
                            $"argmax[{i}] = {at} is not a cell of its window (image {n}, output cell ({oy}, {ox}), channel {ch}): " +
                            $"the indices must come from {nameof(MaxForward)} on this geometry.");
                }
            }
        return new ArgumentException($"An arg-max of image {n} is not a cell of its window.");
    }

    /// <summary>Writes one window's cells of <c>TV.Count</c> channels from <paramref name="first"/> (within the image at
    /// <paramref name="dx"/>, whose index in the batch is <paramref name="imageBase"/>): the output gradient times f' where
    /// the arg-max is that cell, else zero. Returns, per lane, how far the cells the arg-max matched are from the one
    /// expected (none for a window wholly in the padding, whose arg-max is −1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV GatherWindow<TV, TActivation>(float* gradient, float* output, int* argmax, float* dx, int imageBase, int first,
        int rowStride, int cellStride, int rows, int columns)
        where TV : struct, ISimd<TV>
        where TActivation : struct, IActivation
    {
        var at = TV.Load(in *(float*)argmax, 0);
        var g = TV.Load(in *gradient, 0);
        if (typeof(TActivation) != typeof(Linear)) g *= TActivation.Derivative(TV.Load(in *output, 0));
        g = TV.Zero + g; // what the scatter adds to a cleared cell: −0 becomes +0, as there
        var found = TV.Zero;
        for (int dy = 0; dy < rows; dy++)
            for (int dxi = 0; dxi < columns; dxi++)
            {
                int cell = first + dy * rowStride + dxi * cellStride;
                var hit = TV.EqualBits(at, TV.PlusLaneNumber(TV.Create(BitConverter.Int32BitsToSingle(imageBase + cell))));
                TV.ConditionalSelect(hit, g, TV.Zero).Store(ref dx[cell], 0);
                found += TV.ConditionalSelect(hit, TV.One, TV.Zero);
            }
        var expected = TV.ConditionalSelect(TV.EqualBits(at, TV.Create(BitConverter.Int32BitsToSingle(-1))), TV.Zero, TV.One);
        return TV.Abs(found - expected);
    }

    /// <summary>Zeroes the cells of one image that no window holds (a stride longer than the window, or windows that stop
    /// short of the bottom or right edge): nothing else writes them.</summary>
    private static void ClearUncovered(float* dx, in Window2D w)
    {
        int c = w.InputChannels;
        if (w.StrideHeight == w.WindowHeight && w.StrideWidth == w.WindowWidth
            && w.OutputHeight * w.StrideHeight - w.PadTop >= w.InputHeight && w.OutputWidth * w.StrideWidth - w.PadLeft >= w.InputWidth)
            return; // the windows tile the image
        for (int y = 0; y < w.InputHeight; y++)
        {
            float* row = dx + (nint)y * w.InputWidth * c;
            int oy = (y + w.PadTop) / w.StrideHeight;
            if (oy >= w.OutputHeight || y + w.PadTop - oy * w.StrideHeight >= w.WindowHeight)
            {
                new Span<float>(row, w.InputWidth * c).Clear();
                continue;
            }
            for (int x = 0; x < w.InputWidth; x++)
            {
                int ox = (x + w.PadLeft) / w.StrideWidth;
                if (ox >= w.OutputWidth || x + w.PadLeft - ox * w.StrideWidth >= w.WindowWidth) new Span<float>(row + x * c, c).Clear();
            }
        }
    }

    /// <summary>Mean over each window's cells that lie inside the image (padding excluded from the count).</summary>
    public static void AverageForward(ReadOnlySpan<float> x, Span<float> output, int rows, in Window2D window)
    {
        Check(x.Length, "x", output.Length, "output", rows, window);
        fixed (float* px = x, po = output)
            Run(new Job(Operation.AverageForward, px, po, null, window), rows);
    }

    /// <summary>Overwrites <paramref name="inputGradient"/>: each output gradient spread evenly over the cells its
    /// mean was taken over.</summary>
    public static void AverageBackward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int rows, in Window2D window)
    {
        Check(inputGradient.Length, "inputGradient", outputGradient.Length, "outputGradient", rows, window);
        fixed (float* pdx = inputGradient, pg = outputGradient)
            Run(new Job(Operation.AverageBackward, pdx, pg, null, window), rows);
    }

    /// <summary>Refuses a batch whose input has more values than the int32 arg-maxes can index.</summary>
    internal static void CheckIndexable(int rows, in Window2D window)
    {
        long values = (long)rows * window.InputSize;
        if (values > int.MaxValue)
            throw new ArgumentException(
                $"Max pooling keeps each window's arg-max as an int32 index into the batch, but {rows} rows of " +
                $"{window.InputHeight}×{window.InputWidth}×{window.InputChannels} hold {values} values (at most {int.MaxValue}): pass fewer rows at a time.",
                nameof(rows));
    }

    private static void Check(int inputLength, string inputName, int outputLength, string outputName, int rows, in Window2D window)
    {
        window.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        long inputs = (long)rows * window.InputSize, outputs = (long)rows * window.OutputPositions * window.InputChannels;
        if (inputLength < inputs || outputLength < outputs)
            throw new ArgumentException(
                $"Pooling buffers too small for {rows} rows of {window.InputHeight}×{window.InputWidth}×{window.InputChannels} " +
                $"→ {window.OutputHeight}×{window.OutputWidth}×{window.InputChannels}: need {inputName} {inputs} and {outputName} {outputs} floats " +
                $"but got {inputLength} and {outputLength}.");
    }

    private enum Operation { MaxForward, AverageForward, AverageBackward }

    /// <summary>One pass over images [from, to): <c>Input</c> is x (forward) or dx (backward), <c>Output</c> the output
    /// or its gradient.</summary>
    private readonly struct Job(Operation operation, float* input, float* output, int* argmax, Window2D window)
    {
        public void Images(int from, int to)
        {
            for (int n = from; n < to; n++)
            {
                switch (operation)
                {
                    case Operation.MaxForward: MaxImage(input, output, argmax, n, window); break;
                    case Operation.AverageForward: AverageImage(input, output, n, window); break;
                    default: AverageBackwardImage(input, output, n, window); break;
                }
            }
        }

        public long Work(int rows) => (long)rows * Math.Max(window.InputSize, window.OutputPositions * window.InputChannels);
    }

    private static void Run(Job job, int rows)
    {
        bool parallel = rows >= 2 && job.Work(rows) >= ParallelThreshold
            && Math.Min(Gemm.MaxDegreeOfParallelism, Environment.ProcessorCount) >= 2;
        if (!parallel) job.Images(0, rows);
        else RunHalves(job, rows);
    }

    private static void RunHalves(Job job, int rows)
    {
        var halves = new HalvesJob { Job = job, Rows = rows };
        WorkerPool.Run(ref halves, 2);
    }

    /// <summary>One half of the images per part.</summary>
    private struct HalvesJob : IParallelJob
    {
        public Job Job;
        public int Rows;

        public readonly void Run(int part, int parts)
        {
            var (from, to) = WorkerPool.PartRange(Rows, part, parts);
            Job.Images(from, to);
        }
    }

    /// <summary>Max pooling of images [<paramref name="from"/>, <paramref name="to"/>) of the batch whose image 0 would lie at
    /// <paramref name="x"/>, written at their places in <paramref name="output"/> and <paramref name="argmax"/> (null: none),
    /// arg-maxes indexing that whole batch; only those images' cells are read, so x may hold just them.</summary>
    internal static void MaxImages(float* x, float* output, int* argmax, int from, int to, in Window2D window)
    {
        for (int n = from; n < to; n++) MaxImage(x, output, argmax, n, window);
    }

    private static void MaxImage(float* x, float* output, int* argmax, int n, in Window2D w)
    {
        var image = new MaxImageKernel(x, output, argmax, n, w);
        SimdDispatch.Run(ref image);
    }

    /// <summary>Max pooling of image n, <c>TV.Count</c> channels at a time, then one at a time for the rest.</summary>
    private readonly struct MaxImageKernel(float* x, float* output, int* argmax, int n, Window2D w) : ISimdKernel
    {
        public void Run<TV>() where TV : struct, ISimd<TV>
        {
            int c = w.InputChannels;
            int imageBase = n * w.InputSize;
            nint o = (nint)n * w.OutputPositions * c;
            for (int oy = 0; oy < w.OutputHeight; oy++)
                for (int ox = 0; ox < w.OutputWidth; ox++, o += c)
                {
                    var (cell, rows, columns) = w.InsideCells(oy, ox);
                    if (rows == 0 || columns == 0)
                    {
                        // Only reachable with hand-made geometry: a window entirely in the padding.
                        for (int ch = 0; ch < c; ch++)
                        {
                            output[o + ch] = 0f;
                            if (argmax != null) argmax[o + ch] = -1;
                        }
                        continue;
                    }
                    // Index of channel 0 of the window's first inside cell within the batch.
                    int first = imageBase + cell * c;
                    int rowStride = w.InputWidth * c;
                    int channel = 0;
                    if (argmax == null)
                    {
                        if (rows == 2 && columns == 2) // Keras's default pooling, whole: no loop over the window
                            for (; channel + TV.Count <= c; channel += TV.Count)
                                MaxOver2x2<TV>(x + first + channel, rowStride, c, output + o + channel);
                        for (; channel + TV.Count <= c; channel += TV.Count)
                            MaxOverWindow<TV>(x + first + channel, rowStride, c, rows, columns, output + o + channel);
                        for (; channel < c; channel++)
                            MaxOverWindow<SimdScalar>(x + first + channel, rowStride, c, rows, columns, output + o + channel);
                        continue;
                    }
                    for (; channel + TV.Count <= c; channel += TV.Count)
                        MaxOverWindow<TV>(x, first + channel, rowStride, c, rows, columns, output + o + channel, argmax + o + channel);
                    for (; channel < c; channel++)
                        MaxOverWindow<SimdScalar>(x, first + channel, rowStride, c, rows, columns, output + o + channel, argmax + o + channel);
                }
        }
    }

    /// <summary>
    /// The max over a window of <paramref name="rows"/> × <paramref name="columns"/> cells of <c>TV.Count</c> channels from
    /// <c>x[first]</c>, and the index in x of each lane's max (the first one in row-major order on ties).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxOverWindow<TV>(float* x, int first, int rowStride, int cellStride, int rows, int columns, float* output, int* argmax)
        where TV : struct, ISimd<TV>
    {
        var best = TV.Load(in x[first], 0);
        // Each lane of `at` holds the int32 index of lane 0's cell as a float's bits: only selected and stored, never computed on,
        // so it is exact at any size. The lane number is added on the way out.
        var at = TV.Create(BitConverter.Int32BitsToSingle(first));
        for (int dy = 0; dy < rows; dy++)
            for (int dx = 0; dx < columns; dx++)
            {
                int cell = first + dy * rowStride + dx * cellStride;
                var v = TV.Load(in x[cell], 0);
                var greater = TV.GreaterThan(v, best);
                best = TV.ConditionalSelect(greater, v, best);
                at = TV.ConditionalSelect(greater, TV.Create(BitConverter.Int32BitsToSingle(cell)), at);
            }
        best.Store(ref *output, 0);
        TV.PlusLaneNumber(at).Store(ref *(float*)argmax, 0);
    }

    /// <summary><see cref="MaxOverWindow{TV}(float*, int, int, int, int, float*)"/> of a 2×2 window, its comparisons in the
    /// same order (so the same value, NaN included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxOver2x2<TV>(float* x, int rowStride, int cellStride, float* output) where TV : struct, ISimd<TV>
    {
        var best = TV.Load(in *x, 0);
        var v = TV.Load(in x[cellStride], 0);
        best = TV.ConditionalSelect(TV.GreaterThan(v, best), v, best);
        v = TV.Load(in x[rowStride], 0);
        best = TV.ConditionalSelect(TV.GreaterThan(v, best), v, best);
        v = TV.Load(in x[rowStride + cellStride], 0);
        TV.ConditionalSelect(TV.GreaterThan(v, best), v, best).Store(ref *output, 0);
    }

    /// <summary>The max over a window of <paramref name="rows"/> × <paramref name="columns"/> cells of <c>TV.Count</c>
    /// channels from <paramref name="x"/>, by the arg-max form's comparisons (so the same value, NaN included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaxOverWindow<TV>(float* x, int rowStride, int cellStride, int rows, int columns, float* output)
        where TV : struct, ISimd<TV>
    {
        var best = TV.Load(in *x, 0);
        for (int dy = 0; dy < rows; dy++)
            for (int dx = 0; dx < columns; dx++)
            {
                var v = TV.Load(in x[dy * rowStride + dx * cellStride], 0);
                best = TV.ConditionalSelect(TV.GreaterThan(v, best), v, best);
            }
        best.Store(ref *output, 0);
    }

    private static void AverageImage(float* x, float* output, int n, in Window2D w)
    {
        int c = w.InputChannels;
        float* image = x + (nint)n * w.InputSize;
        float* o = output + (nint)n * w.OutputPositions * c;
        for (int oy = 0; oy < w.OutputHeight; oy++)
            for (int ox = 0; ox < w.OutputWidth; ox++, o += c)
            {
                var (cell, rows, columns) = w.InsideCells(oy, ox);
                new Span<float>(o, c).Clear();
                int cells = rows * columns;
                if (cells == 0) continue;
                for (int dy = 0; dy < rows; dy++)
                    for (int dx = 0; dx < columns; dx++)
                        VectorOps.Axpy(1f, new ReadOnlySpan<float>(image + (cell + dy * w.InputWidth + dx) * c, c), new Span<float>(o, c));
                VectorOps.Scale(1f / cells, new Span<float>(o, c));
            }
    }

    private static void AverageBackwardImage(float* dx, float* gradient, int n, in Window2D w)
    {
        int c = w.InputChannels;
        float* image = dx + (nint)n * w.InputSize;
        float* g = gradient + (nint)n * w.OutputPositions * c;
        new Span<float>(image, w.InputSize).Clear();
        for (int oy = 0; oy < w.OutputHeight; oy++)
            for (int ox = 0; ox < w.OutputWidth; ox++, g += c)
            {
                var (cell, rows, columns) = w.InsideCells(oy, ox);
                int cells = rows * columns;
                if (cells == 0) continue;
                float share = 1f / cells;
                for (int dy = 0; dy < rows; dy++)
                    for (int dxi = 0; dxi < columns; dxi++)
                        VectorOps.Axpy(share, new ReadOnlySpan<float>(g, c), new Span<float>(image + (cell + dy * w.InputWidth + dxi) * c, c));
            }
    }
}
