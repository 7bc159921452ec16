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
    /// of the maximum behind output value i (the first one in (ky, kx) order on ties), so backward is a scatter.
    /// </summary>
    public static void MaxForward(ReadOnlySpan<float> x, Span<float> output, Span<int> argmax, int rows, in Window2D window)
    {
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
    public static void MaxBackwardThrough<TActivation>(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, ReadOnlySpan<float> output,
        Span<float> inputGradient, int rows, in Window2D window)
        where TActivation : struct, IActivation
    {
        Check(inputGradient.Length, "inputGradient", outputGradient.Length, "outputGradient", rows, window);
        int outputs = rows * window.OutputPositions * window.InputChannels;
        if (argmax.Length < outputs || output.Length < outputs)
            throw new ArgumentException(
                $"argmax holds {argmax.Length} indices and output {output.Length} values but the pooling has {outputs} outputs.", nameof(argmax));
        fixed (float* pdx = inputGradient, pg = outputGradient, po = output)
        fixed (int* pa = argmax)
        {
            var job = new ScatterJob<TActivation> { Gradient = pg, Output = po, Argmax = pa, InputGradient = pdx, Window = window, Rows = rows };
            bool parallel = rows >= 2 && (long)rows * window.InputSize >= ParallelThreshold
                && Math.Min(Gemm.MaxDegreeOfParallelism, Environment.ProcessorCount) >= 2;
            if (parallel) WorkerPool.Run(ref job, 2);
            else job.Run(0, 1);
        }
    }

    /// <summary>The scatter of <see cref="MaxBackwardThrough{TActivation}"/> over a range of images: each image's arg-maxes
    /// point into that image, so parts write disjoint gradients.</summary>
    private struct ScatterJob<TActivation> : IParallelJob where TActivation : struct, IActivation
    {
        public float* Gradient, Output, InputGradient;
        public int* Argmax;
        public Window2D Window;
        public int Rows;

        public readonly void Run(int part, int parts)
        {
            var (from, to) = WorkerPool.PartRange(Rows, part, parts);
            int image = Window.InputSize, cells = Window.OutputPositions * Window.InputChannels;
            for (int n = from; n < to; n++)
            {
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
            {
                int iy0 = oy * w.StrideHeight - w.PadTop;
                (int ky0, int ky1) = Window2D.Clip(iy0, w.WindowHeight, w.InputHeight);
                for (int ox = 0; ox < w.OutputWidth; ox++, o += c)
                {
                    int ix0 = ox * w.StrideWidth - w.PadLeft;
                    (int kx0, int kx1) = Window2D.Clip(ix0, w.WindowWidth, w.InputWidth);
                    if (ky0 >= ky1 || kx0 >= kx1)
                    {
                        // Only reachable with hand-made geometry: a window entirely in the padding.
                        for (int ch = 0; ch < c; ch++)
                        {
                            output[o + ch] = 0f;
                            if (argmax != null) argmax[o + ch] = -1;
                        }
                        continue;
                    }
                    // Index of channel 0 of the window's cell (ky0 + dy, kx0 + dx) within the batch.
                    int first = imageBase + ((iy0 + ky0) * w.InputWidth + ix0 + kx0) * c;
                    int rowStride = w.InputWidth * c, rows = ky1 - ky0, columns = kx1 - kx0;
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
        {
            int iy0 = oy * w.StrideHeight - w.PadTop;
            (int ky0, int ky1) = Window2D.Clip(iy0, w.WindowHeight, w.InputHeight);
            for (int ox = 0; ox < w.OutputWidth; ox++, o += c)
            {
                int ix0 = ox * w.StrideWidth - w.PadLeft;
                (int kx0, int kx1) = Window2D.Clip(ix0, w.WindowWidth, w.InputWidth);
                new Span<float>(o, c).Clear();
                int cells = Math.Max(0, ky1 - ky0) * Math.Max(0, kx1 - kx0);
                if (cells == 0) continue;
                for (int ky = ky0; ky < ky1; ky++)
                    for (int kx = kx0; kx < kx1; kx++)
                        VectorOps.Axpy(1f, new ReadOnlySpan<float>(image + ((iy0 + ky) * w.InputWidth + ix0 + kx) * c, c), new Span<float>(o, c));
                VectorOps.Scale(1f / cells, new Span<float>(o, c));
            }
        }
    }

    private static void AverageBackwardImage(float* dx, float* gradient, int n, in Window2D w)
    {
        int c = w.InputChannels;
        float* image = dx + (nint)n * w.InputSize;
        float* g = gradient + (nint)n * w.OutputPositions * c;
        new Span<float>(image, w.InputSize).Clear();
        for (int oy = 0; oy < w.OutputHeight; oy++)
        {
            int iy0 = oy * w.StrideHeight - w.PadTop;
            (int ky0, int ky1) = Window2D.Clip(iy0, w.WindowHeight, w.InputHeight);
            for (int ox = 0; ox < w.OutputWidth; ox++, g += c)
            {
                int ix0 = ox * w.StrideWidth - w.PadLeft;
                (int kx0, int kx1) = Window2D.Clip(ix0, w.WindowWidth, w.InputWidth);
                int cells = Math.Max(0, ky1 - ky0) * Math.Max(0, kx1 - kx0);
                if (cells == 0) continue;
                float share = 1f / cells;
                for (int ky = ky0; ky < ky1; ky++)
                    for (int kx = kx0; kx < kx1; kx++)
                        VectorOps.Axpy(share, new ReadOnlySpan<float>(g, c), new Span<float>(image + ((iy0 + ky) * w.InputWidth + ix0 + kx) * c, c));
            }
        }
    }
}
