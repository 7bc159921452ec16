using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>
/// Max and average pooling over NHWC images (one row = height × width × channels floats); the output has
/// the same channels, <see cref="Window2D.InputChannels"/>. Each output cell reads only the window cells that
/// lie inside the image: padding never wins a max and is not counted in a mean (as TensorFlow).
/// </summary>
/// <remarks>Channels are innermost, so every window cell is one contiguous run of channels, processed 16 lanes at
/// a time. Images are independent: large batches are split into two halves run on two threads, with the same
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

    /// <summary>Overwrites <paramref name="inputGradient"/>: zero, then <c>inputGradient[argmax[i]] += outputGradient[i]</c>.</summary>
    public static void MaxBackward(ReadOnlySpan<float> outputGradient, ReadOnlySpan<int> argmax, Span<float> inputGradient, int rows, in Window2D window)
    {
        Check(inputGradient.Length, "inputGradient", outputGradient.Length, "outputGradient", rows, window);
        int outputs = rows * window.OutputPositions * window.InputChannels;
        if (argmax.Length < outputs)
            throw new ArgumentException($"argmax holds {argmax.Length} indices but the output has {outputs} values.", nameof(argmax));
        Span<float> dx = inputGradient[..(rows * window.InputSize)];
        dx.Clear();
        // Bounds-checked scatter: the indices come from the caller.
        for (int i = 0; i < outputs; i++)
        {
            int at = argmax[i];
            if (at >= 0) dx[at] += outputGradient[i];
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

        public readonly void Run(int part, int parts) =>
            Job.Images((int)((long)Rows * part / parts), (int)((long)Rows * (part + 1) / parts));
    }

    private static void MaxImage(float* x, float* output, int* argmax, int n, in Window2D w)
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
                    for (int ch = 0; ch < c; ch++) { output[o + ch] = 0f; argmax[o + ch] = -1; }
                    continue;
                }
                int first = imageBase + ((iy0 + ky0) * w.InputWidth + ix0 + kx0) * c;
                int ch0 = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    for (; ch0 <= c - 16; ch0 += 16)
                    {
                        var best = Vector512.Load(x + first + ch0);
                        var at = Vector512.Create(first + ch0) + Vector512<int>.Indices;
                        for (int ky = ky0; ky < ky1; ky++)
                            for (int kx = kx0; kx < kx1; kx++)
                            {
                                int cell = imageBase + ((iy0 + ky) * w.InputWidth + ix0 + kx) * c + ch0;
                                var v = Vector512.Load(x + cell);
                                var greater = Vector512.GreaterThan(v, best);
                                best = Vector512.ConditionalSelect(greater, v, best);
                                at = Vector512.ConditionalSelect(greater.AsInt32(), Vector512.Create(cell) + Vector512<int>.Indices, at);
                            }
                        best.Store(output + o + ch0);
                        at.Store(argmax + o + ch0);
                    }
                }
                for (int ch = ch0; ch < c; ch++)
                {
                    int at = first + ch;
                    float best = x[at];
                    for (int ky = ky0; ky < ky1; ky++)
                        for (int kx = kx0; kx < kx1; kx++)
                        {
                            int cell = imageBase + ((iy0 + ky) * w.InputWidth + ix0 + kx) * c + ch;
                            if (x[cell] > best) { best = x[cell]; at = cell; }
                        }
                    output[o + ch] = best;
                    argmax[o + ch] = at;
                }
            }
        }
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
                        Add(image + ((iy0 + ky) * w.InputWidth + ix0 + kx) * c, o, c);
                Scale(1f / cells, o, c);
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
                        MultiplyAdd(share, g, image + ((iy0 + ky) * w.InputWidth + ix0 + kx) * c, c);
            }
        }
    }

    /// <summary>d[0..n) += s[0..n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* s, float* d, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16) (Vector512.Load(d + i) + Vector512.Load(s + i)).Store(d + i);
        for (; i < n; i++) d[i] += s[i];
    }

    /// <summary>d[0..n) *= alpha.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scale(float alpha, float* d, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16) (Vector512.Load(d + i) * alpha).Store(d + i);
        for (; i < n; i++) d[i] *= alpha;
    }

    /// <summary>d[0..n) += alpha · s[0..n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAdd(float alpha, float* s, float* d, int n)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - 16; i += 16) (Vector512.Load(d + i) + Vector512.Load(s + i) * alpha).Store(d + i);
        for (; i < n; i++) d[i] += s[i] * alpha;
    }
}
