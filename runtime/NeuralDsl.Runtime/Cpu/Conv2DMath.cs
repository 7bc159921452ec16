using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDsl.Cpu;

/// <summary>
/// 2-D convolution passes over NHWC images (one row = height × width × channels floats) with the kernel
/// laid out [WindowHeight, WindowWidth, InputChannels, filters] as Keras.
/// </summary>
/// <remarks>
/// <para>Forward reads the input in place (<see cref="DirectConvolution"/>): the matrix product's register tiles run over
/// consecutive output cells (across the ends of output rows and images) × a panel of filters with the reduction over the
/// window, the bias and the activation fused into the epilogue; only windows that reach outside the input need a
/// zero-padded copy of the image.</para>
/// <para>Backward reads them in place too: the kernel gradient (<see cref="DirectWeightGradient"/>) reduces over the output
/// cells of blocks of images that stay in cache, the input gradient (<see cref="DirectInputGradient"/>) adds each window
/// cell's <c>dz · W[ky, kx]ᵀ</c> onto the input cells it read. No im2col matrix is ever written.</para>
/// <para>Padded frames are made for chunks of at most <see cref="ColumnsBudget"/> floats of workspace (whole batches for
/// small layers). The chunk size depends only on the geometry, never on the thread count, and every value is summed in a
/// fixed order by one thread, so results are the same however many threads run.</para>
/// <para>A 1×1 window with stride 1 and no padding needs no frames: the input is already the matrix.</para>
/// </remarks>
public static unsafe class Conv2DMath
{
    /// <summary>Most floats of padded frames one chunk of images uses (4 MiB): the workspace stays bounded however large the
    /// batch.</summary>
    internal const int ColumnsBudget = 1 << 20;

    /// <summary>Floats of workspace <paramref name="rows"/> images need as <c>columns</c>: the zero-padded frames of one chunk
    /// of images (0 when every window lies inside the input, which is then read in place). Non-decreasing in
    /// <paramref name="rows"/>, so a buffer sized for the batch serves a smaller last batch.</summary>
    public static int ColumnsLength(in Window2D window, int rows)
    {
        window.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (IsPointwise(window)) return 0;
        // Forward and the kernel gradient read the input in place, or zero-padded frames of it where windows leave it.
        return checked(ChunkFrames(window, rows) * DirectConvolution.FrameSize(window));
    }

    /// <summary>
    /// <c>output[rows × OutputHeight × OutputWidth × filters] = activation(conv(x, kernel) + bias)</c>, the bias
    /// and the activation fused into the product's epilogue; <paramref name="bias"/> is empty for a layer
    /// without bias.
    /// </summary>
    /// <param name="residual">Empty, or a tensor shaped as the output (never the output itself) added before the
    /// activation: an Add layer, and the activation after it, fused into the epilogue. The same additions as that layer's
    /// pass, so the same bits.</param>
    public static void Forward<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias,
        Span<float> output, Span<float> columns, int rows, in Window2D window, int filters, ReadOnlySpan<float> residual = default)
        where TActivation : struct, IActivation
    {
        Check(x, kernel, output, "output", columns, rows, window, filters);
        if (!bias.IsEmpty && bias.Length < filters)
            throw new ArgumentException($"The bias holds {bias.Length} values but the layer has {filters} filters.", nameof(bias));
        CheckResidual(residual, output, columns, rows, window, filters);
        Convolve<TActivation>(x, kernel, bias, [], residual, output, columns, rows, window, filters);
    }

    /// <summary>
    /// <c>output = activation(conv(x, kernel) · scale + shift)</c>, one scale and shift per filter: an inference-mode
    /// BatchNormalization folded into the product's epilogue (<see cref="BatchNormalizationMath.FoldScale"/> computes them),
    /// so no folded copy of the kernel is written on every call.
    /// </summary>
    /// <param name="residual">As in <see cref="Forward{TActivation}"/>: added after the shift, before the activation.</param>
    public static void ForwardScaled<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> shift, Span<float> output, Span<float> columns, int rows, in Window2D window, int filters,
        ReadOnlySpan<float> residual = default)
        where TActivation : struct, IActivation
    {
        Check(x, kernel, output, "output", columns, rows, window, filters);
        if (scale.Length < filters || shift.Length < filters)
            throw new ArgumentException($"The scale holds {scale.Length} and the shift {shift.Length} values but the layer has {filters} filters.",
                scale.Length < filters ? nameof(scale) : nameof(shift));
        CheckResidual(residual, output, columns, rows, window, filters);
        Convolve<TActivation>(x, kernel, shift[..filters], scale[..filters], residual, output, columns, rows, window, filters);
    }

    /// <summary>The checked forward pass: a pointwise convolution is the matrix product itself, any other reads its input in
    /// place; <paramref name="scale"/> is empty unless a BatchNormalization is folded into the epilogue,
    /// <paramref name="residual"/> unless an Add is.</summary>
    private static void Convolve<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, ReadOnlySpan<float> scale,
        ReadOnlySpan<float> residual, Span<float> output, Span<float> columns, int rows, in Window2D window, int filters)
        where TActivation : struct, IActivation
    {
        if (rows == 0) return;
        int k = PatchSize(window), positions = window.OutputPositions;
        if (!residual.IsEmpty) residual = residual[..(rows * positions * filters)];
        if (IsPointwise(window))
        {
            // A scaled or residual product always runs the register tiles (the few-rows path has neither epilogue).
            if (scale.IsEmpty && residual.IsEmpty) DenseMath.Forward<TActivation>(x, kernel, bias, output, rows * positions, k, filters);
            else GemmEngine.Nn<TActivation>(x, kernel, bias, output, rows * positions, k, filters, GemmEngine.FastestPath, scale, residual);
            return;
        }
        fixed (float* px = x, pk = kernel, pb = bias, ps = scale, pr = residual, po = output, pc = columns)
            DirectConvolution.Forward<TActivation>(px, pk, bias.IsEmpty ? null : pb, po, pc, ChunkFrames(window, rows), rows, window, filters,
                GemmEngine.FastestPath, scale.IsEmpty ? null : ps, residual.IsEmpty ? null : pr);
    }

    /// <summary>A residual is empty, or holds the whole output and lies apart from it and from the columns (the epilogue
    /// reads it while the tiles write the output and the padded frames).</summary>
    private static void CheckResidual(ReadOnlySpan<float> residual, ReadOnlySpan<float> output, ReadOnlySpan<float> columns, int rows,
        in Window2D window, int filters)
    {
        if (residual.IsEmpty) return;
        long need = (long)rows * window.OutputPositions * filters;
        if (residual.Length < need)
            throw new ArgumentException($"The residual holds {residual.Length} values but {rows} rows of {window.OutputHeight}×{window.OutputWidth}×{filters} outputs need {need}.",
                nameof(residual));
        if (residual.Overlaps(output) || residual.Overlaps(columns))
            throw new ArgumentException(
                $"The residual overlaps the {(residual.Overlaps(output) ? "output" : "columns")}: the epilogue would read values the pass has already written.",
                nameof(residual));
    }

    /// <summary>
    /// <see cref="Forward{TActivation}"/> followed by the max pooling <paramref name="pool"/> of its output, a block of images
    /// at a time, so the convolution's output is never written whole (<see cref="PooledConvolution"/>): writes the pooled
    /// values and, unless <paramref name="argmax"/> is empty (inference), the arg-maxes as
    /// <see cref="PoolingMath.MaxForward(ReadOnlySpan{float}, Span{float}, Span{int}, int, in Window2D)"/> gives them for
    /// the convolution's output of the whole batch.
    /// </summary>
    public static void ForwardMaxPooled<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias,
        Span<float> pooled, Span<int> argmax, int rows, in Window2D window, int filters, in Window2D pool)
        where TActivation : struct, IActivation
    {
        Check(x, kernel, [], "output", [], 0, window, filters);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        CheckPool(window, filters, pool);
        if (!argmax.IsEmpty) PoolingMath.CheckIndexable(rows, pool);
        long inputs = (long)rows * window.InputSize, outputs = (long)rows * pool.OutputPositions * filters;
        if (x.Length < inputs || pooled.Length < outputs || (!argmax.IsEmpty && argmax.Length < outputs))
            throw new ArgumentException(
                $"Pooled Conv2D buffers too small for {rows} rows: need x {inputs}, pooled {outputs} and argmax {outputs} (or none) " +
                $"but got {x.Length}, {pooled.Length} and {argmax.Length}.");
        if (!bias.IsEmpty && bias.Length < filters)
            throw new ArgumentException($"The bias holds {bias.Length} values but the layer has {filters} filters.", nameof(bias));
        if (rows == 0) return;
        fixed (float* px = x, pk = kernel, pb = bias, pp = pooled)
        fixed (int* pa = argmax)
            PooledConvolution.Forward<TActivation>(px, pk, bias.IsEmpty ? null : pb, pp, argmax.IsEmpty ? null : pa, rows, window, filters, pool);
    }

    /// <summary>
    /// Backward from <paramref name="outputGradient"/> (dL/dz, the activation's derivative already applied):
    /// overwrites <paramref name="kernelGradient"/> and <paramref name="biasGradient"/> (each skipped when empty: a frozen
    /// layer passes both empty)
    /// and, unless <paramref name="inputGradient"/> is empty (first layer), overwrites it with dL/dx.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> kernel,
        Span<float> kernelGradient, Span<float> biasGradient, Span<float> inputGradient, Span<float> columns,
        int rows, in Window2D window, int filters)
    {
        Check(x, kernel, outputGradient, "outputGradient", columns, rows, window, filters);
        int k = PatchSize(window), positions = window.OutputPositions;
        bool weights = !kernelGradient.IsEmpty; // a frozen layer passes none and gets only the input gradient
        CheckGradients(kernelGradient, biasGradient, inputGradient, rows, window, filters);

        // The direct kernel gradient sums the bias gradient from the blocks of dz it has in cache; otherwise a pass of its own.
        bool direct = weights && rows > 0 && !IsPointwise(window);
        if (!biasGradient.IsEmpty && !direct) ColumnSums(outputGradient, biasGradient[..filters], rows * positions);
        if (rows == 0)
        {
            if (weights) kernelGradient[..(k * filters)].Clear();
            return;
        }
        if (IsPointwise(window))
        {
            if (weights) Gemm.Tn(x, outputGradient, kernelGradient, rows * positions, k, filters);
            if (!inputGradient.IsEmpty) Gemm.Nt(outputGradient, kernel, inputGradient, rows * positions, k, filters);
            return;
        }

        if (direct)
            fixed (float* px = x, pg = outputGradient, pw = kernelGradient, pb = biasGradient, pc = columns)
                DirectWeightGradient.Compute(px, pg, pw, biasGradient.IsEmpty ? null : pb, pc, ChunkFrames(window, rows), rows, window, filters,
                    GemmEngine.FastestPath);
        if (!inputGradient.IsEmpty)
            fixed (float* pg = outputGradient, pk = kernel, pd = inputGradient)
                DirectInputGradient.Compute(pg, pk, pd, rows, window, filters, GemmEngine.FastestPath);
    }

    /// <summary>
    /// Backward of <see cref="ForwardMaxPooled{TActivation}"/> from the pooling's output gradient
    /// <paramref name="pooledGradient"/>: the max pooling's backward through this layer's activation
    /// (<see cref="PoolingMath.MaxBackwardThrough{TActivation}"/> with <paramref name="argmax"/> and <paramref name="pooled"/>)
    /// followed by <see cref="Backward"/>, a block of images at a time, so this layer's output gradient is never written
    /// whole: each block's lies in a scratch the size of a cache while the kernel gradient and the input gradient read it
    /// (<see cref="PooledConvolution.Backward{TAct}"/>).
    /// Overwrites the same gradients as <see cref="Backward"/> (each skipped when empty; a bias gradient needs the kernel
    /// gradient), with the values of the two passes: the input gradient bit for bit (1×1 windows, which
    /// <see cref="Backward"/> sends through a matrix product, within rounding), the kernel and bias gradients within
    /// rounding (summed a group of blocks at a time; bit for bit for a single image); on any number of threads the same bits.
    /// </summary>
    public static void BackwardMaxPooled<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> pooledGradient, ReadOnlySpan<int> argmax,
        ReadOnlySpan<float> pooled, ReadOnlySpan<float> kernel, Span<float> kernelGradient, Span<float> biasGradient, Span<float> inputGradient,
        int rows, in Window2D window, int filters, in Window2D pool)
        where TActivation : struct, IActivation
    {
        Check(x, kernel, [], "output", [], 0, window, filters);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        CheckPool(window, filters, pool);
        PoolingMath.CheckIndexable(rows, pool);
        long inputs = (long)rows * window.InputSize, outputs = (long)rows * pool.OutputPositions * filters;
        if (x.Length < inputs || pooledGradient.Length < outputs || argmax.Length < outputs || pooled.Length < outputs)
            throw new ArgumentException(
                $"Pooled Conv2D backward buffers too small for {rows} rows: need x {inputs} and pooledGradient, argmax and pooled {outputs} each, " +
                $"but got {x.Length}, {pooledGradient.Length}, {argmax.Length}, {pooled.Length}.");
        int k = PatchSize(window);
        bool weights = !kernelGradient.IsEmpty;
        CheckGradients(kernelGradient, biasGradient, inputGradient, rows, window, filters);
        if (!weights && !biasGradient.IsEmpty)
            throw new ArgumentException("A bias gradient without the kernel's: a frozen layer passes neither.", nameof(biasGradient));
        if (rows == 0)
        {
            if (weights) kernelGradient[..(k * filters)].Clear();
            if (!biasGradient.IsEmpty) biasGradient[..filters].Clear();
            return;
        }

        fixed (float* px = x, pgp = pooledGradient, pp = pooled, pk = kernel, pw = kernelGradient, pb = biasGradient, pd = inputGradient)
        fixed (int* pa = argmax)
            PooledConvolution.Backward<TActivation>(px, pgp, pa, pp, pk, weights ? pw : null, biasGradient.IsEmpty ? null : pb,
                inputGradient.IsEmpty ? null : pd, rows, window, filters, pool);
    }

    /// <summary>Each gradient the backward passes write is empty (not wanted) or holds what the layer needs.</summary>
    private static void CheckGradients(Span<float> kernelGradient, Span<float> biasGradient, Span<float> inputGradient, int rows, in Window2D window,
        int filters)
    {
        int weights = PatchSize(window) * filters;
        long inputs = (long)rows * window.InputSize;
        if (!kernelGradient.IsEmpty && kernelGradient.Length < weights)
            throw new ArgumentException($"The kernel gradient holds {kernelGradient.Length} values but the kernel has {weights}.", nameof(kernelGradient));
        if (!biasGradient.IsEmpty && biasGradient.Length < filters)
            throw new ArgumentException($"The bias gradient holds {biasGradient.Length} values but the layer has {filters} filters.", nameof(biasGradient));
        if (!inputGradient.IsEmpty && inputGradient.Length < inputs)
            throw new ArgumentException($"The input gradient holds {inputGradient.Length} values but {rows} rows of {window.InputSize} need {inputs}.",
                nameof(inputGradient));
    }

    private static void CheckPool(in Window2D window, int filters, in Window2D pool)
    {
        pool.Validate();
        if (pool.InputHeight != window.OutputHeight || pool.InputWidth != window.OutputWidth || pool.InputChannels != filters)
            throw new ArgumentException(
                $"The pooling reads {pool.InputHeight}×{pool.InputWidth}×{pool.InputChannels} but the convolution writes " +
                $"{window.OutputHeight}×{window.OutputWidth}×{filters}.", nameof(pool));
    }

    /// <summary><c>sums[j] = Σ_r g[r, j]</c> (bias gradient), rows in increasing order.</summary>
    private static void ColumnSums(ReadOnlySpan<float> g, Span<float> sums, int rows)
    {
        var kernel = new ColumnSumsKernel(g, sums, rows);
        SimdDispatch.Run(ref kernel);
    }

    /// <summary>Up to four vectors of columns at a time, summed in registers down all the rows; single columns for the rest.</summary>
    private readonly ref struct ColumnSumsKernel(ReadOnlySpan<float> g, Span<float> sums, int rows) : ISimdKernel
    {
        private readonly ReadOnlySpan<float> _g = g;
        private readonly Span<float> _sums = sums;

        public void Run<TV>() where TV : struct, ISimd<TV>
        {
            int j = 0;
            while (j + TV.Count <= _sums.Length) j += SumBlock<TV>(j);
            while (j < _sums.Length) j += SumBlock<SimdScalar>(j);
        }

        /// <summary>Sums the columns of the block at <paramref name="j"/>; returns its width.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int SumBlock<TV>(int j) where TV : struct, ISimd<TV>
        {
            int columns = _sums.Length, vectors = Math.Min(4, (columns - j) / TV.Count);
            ref float gr = ref MemoryMarshal.GetReference(_g);
            TV s0 = TV.Zero, s1 = TV.Zero, s2 = TV.Zero, s3 = TV.Zero;
            for (int r = 0; r < rows; r++)
            {
                nuint at = (nuint)((long)r * columns + j);
                s0 += TV.Load(in gr, at);
                if (vectors > 1) s1 += TV.Load(in gr, at + (nuint)TV.Count);
                if (vectors > 2) s2 += TV.Load(in gr, at + (nuint)(2 * TV.Count));
                if (vectors > 3) s3 += TV.Load(in gr, at + (nuint)(3 * TV.Count));
            }
            ref float sr = ref MemoryMarshal.GetReference(_sums);
            s0.Store(ref sr, (nuint)j);
            if (vectors > 1) s1.Store(ref sr, (nuint)(j + TV.Count));
            if (vectors > 2) s2.Store(ref sr, (nuint)(j + 2 * TV.Count));
            if (vectors > 3) s3.Store(ref sr, (nuint)(j + 3 * TV.Count));
            return vectors * TV.Count;
        }
    }

    /// <summary>Values one output cell reads: WindowHeight · WindowWidth · InputChannels.</summary>
    private static int PatchSize(in Window2D w) => w.WindowHeight * w.WindowWidth * w.InputChannels;

    private static bool IsPointwise(in Window2D w) =>
        w.WindowHeight == 1 && w.WindowWidth == 1 && w.StrideHeight == 1 && w.StrideWidth == 1 && w.PadTop == 0 && w.PadLeft == 0
        && w.OutputHeight == w.InputHeight && w.OutputWidth == w.InputWidth;

    /// <summary>Images padded at a time by the forward pass (<see cref="DirectConvolution"/>): as many frames as fit the budget.</summary>
    internal static int ChunkFrames(in Window2D w, int rows)
    {
        int frame = DirectConvolution.FrameSize(w);
        return frame == 0 ? rows : (int)Math.Min(rows, Math.Max(1, ColumnsBudget / frame));
    }

    private static void Check(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> output, string outputName,
        Span<float> columns, int rows, in Window2D window, int filters)
    {
        window.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        long inputs = (long)rows * window.InputSize, outputs = (long)rows * window.OutputPositions * filters;
        long weights = (long)PatchSize(window) * filters, workspace = ColumnsLength(window, rows);
        if (x.Length < inputs || kernel.Length < weights || output.Length < outputs || columns.Length < workspace)
            throw new ArgumentException(
                $"Conv2D buffers too small for {rows} rows of {window.InputHeight}×{window.InputWidth}×{window.InputChannels} " +
                $"→ {window.OutputHeight}×{window.OutputWidth}×{filters}: need x {inputs}, kernel {weights}, {outputName} {outputs}, " +
                $"columns {workspace} floats but got {x.Length}, {kernel.Length}, {output.Length}, {columns.Length}.");
    }
}
