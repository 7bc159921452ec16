using System.Buffers;

namespace NeuralDsl.Cpu;

/// <summary>
/// A convolution and the max pooling that alone reads it, run a block of images at a time: each block's convolution
/// output goes to a scratch buffer that stays in the L2 cache and is pooled from there, so the convolution's output is
/// never written whole. At batch 128 the Keras convnet's first output is 11 MB: written to memory and read back by the
/// pooling it cost more than the convolution's arithmetic (and its time swung 0.5–8 ms with the memory traffic of the
/// machine's other tenants).
/// </summary>
/// <remarks>Forward, every value is computed by the same tile, and every window pooled by the same kernel, as the two
/// passes run apart: the results are bit for bit theirs, on any number of threads. Backward, the pooling's gradient goes
/// into a block's scratch and the convolution's gradients read it from there; see <see cref="Backward{TAct}"/>.</remarks>
internal static unsafe class PooledConvolution
{
    /// <summary>Groups of consecutive blocks whose kernel gradients are summed apart and then added in order: a fixed
    /// count, so the sums do not depend on the threads, and enough for parts to share out.</summary>
    private const int Groups = 8;

    /// <summary>Floats of convolution output one block may hold (256 KiB: an eighth of the dev machine's L2).</summary>
    private const int BlockFloats = 1 << 16;

    /// <summary>Convolution and max pooling of <paramref name="rows"/> images (<paramref name="argmax"/> null at inference),
    /// the images split between cores when the work is large enough.</summary>
    public static void Forward<TAct>(float* x, float* kernel, float* bias, float* pooled, int* argmax, int rows, in Window2D window, int filters,
        in Window2D pool)
        where TAct : struct, IActivation
    {
        var job = new Job<TAct>
        {
            X = x,
            Kernel = kernel,
            Bias = bias,
            Pooled = pooled,
            Argmax = argmax,
            Rows = rows,
            Window = window,
            Filters = filters,
            Pool = pool,
        };
        int parts = GemmEngine.Threads(window.MultiplyAdds(rows, filters), rows);
        if (parts <= 1) job.Run(0, 1);
        else WorkerPool.Run(ref job, parts);
    }

    /// <summary>
    /// Backward of <see cref="Forward{TAct}"/> from the pooling's output gradient: for each block of images, the pooling's
    /// backward through the activation's derivative into a scratch (<see cref="PoolingMath.MaxBackwardThroughImages{TActivation}"/>),
    /// then the kernel and bias gradients (<see cref="DirectWeightGradient"/>; skipped when <paramref name="kernelGradient"/>
    /// is null) and the input gradient (<see cref="DirectInputGradient"/>; skipped when null) from it. Parts run whole
    /// groups of blocks, each on its own core's cache, with one dispatch for the call (one per block cost more than the
    /// block's work in thread wake-ups). Each group sums its images' kernel gradients in order into its own buffer (group 0
    /// into the gradient itself), and the groups' sums are added in group order: the same bits on any number of threads,
    /// and the two passes' bits when the batch is one block.
    /// </summary>
    public static void Backward<TAct>(float* x, float* pooledGradient, int* argmax, float* pooled, float* kernel, float* kernelGradient,
        float* biasGradient, float* inputGradient, int rows, in Window2D window, int filters, in Window2D pool)
        where TAct : struct, IActivation
    {
        if (kernelGradient == null && inputGradient == null) return; // nothing asked for
        int block = BackwardBlock(window, filters, rows), blocks = (rows + block - 1) / block, groups = Math.Min(blocks, Groups);
        int kernelLength = window.WindowHeight * window.WindowWidth * window.InputChannels * filters;
        int sums = kernelGradient == null ? 0 : kernelLength + (biasGradient == null ? 0 : filters); // one group's kernel and bias sums
        float[] partials = groups > 1 && sums > 0 ? ArrayPool<float>.Shared.Rent((groups - 1) * sums) : [];
        try
        {
            fixed (float* pp = partials)
            {
                var job = new BackwardJob<TAct>
                {
                    X = x,
                    PooledGradient = pooledGradient,
                    Argmax = argmax,
                    Pooled = pooled,
                    Kernel = kernel,
                    KernelGradient = kernelGradient,
                    BiasGradient = biasGradient,
                    InputGradient = inputGradient,
                    Partials = pp,
                    Rows = rows,
                    Block = block,
                    Blocks = blocks,
                    Groups = groups,
                    KernelLength = kernelLength,
                    Sums = sums,
                    Window = window,
                    Filters = filters,
                    Pool = pool,
                };
                long multiplyAdds = window.MultiplyAdds(rows, filters) * ((kernelGradient == null ? 0 : 1) + (inputGradient == null ? 0 : 1));
                int parts = GemmEngine.Threads(multiplyAdds, groups);
                if (parts <= 1) job.Run(0, 1);
                else WorkerPool.Run(ref job, parts);
                for (int g = 1; g < groups && sums > 0; g++)
                {
                    float* partial = pp + (nint)(g - 1) * sums;
                    VectorOps.Axpy(1f, new ReadOnlySpan<float>(partial, kernelLength), new Span<float>(kernelGradient, kernelLength));
                    if (biasGradient != null)
                        VectorOps.Axpy(1f, new ReadOnlySpan<float>(partial + kernelLength, filters), new Span<float>(biasGradient, filters));
                }
            }
        }
        finally
        {
            if (partials.Length > 0) ArrayPool<float>.Shared.Return(partials);
        }
    }

    /// <summary>Images in one block of <see cref="Backward{TAct}"/>: as many as keep their output gradient within the kernel
    /// gradient's cache budget (<see cref="DirectWeightGradient.BlockFloats"/>: the block the pooling writes stays cached
    /// while the kernel and input gradients read it), but
    /// few enough that the batch makes <see cref="Groups"/> blocks when it can (batch 32 of an 11×11×64 output would be
    /// two blocks, two cores' work), at least one. It depends on the geometry and the batch only, never on the threads.</summary>
    internal static int BackwardBlock(in Window2D window, int filters, int rows) =>
        Math.Clamp(Math.Min(DirectWeightGradient.BlockFloats / (window.OutputPositions * filters), (rows + Groups - 1) / Groups), 1, Math.Max(rows, 1));

    /// <summary>The groups of blocks of one part of <see cref="Backward{TAct}"/>.</summary>
    private struct BackwardJob<TAct> : IParallelJob where TAct : struct, IActivation
    {
        public float* X, PooledGradient, Pooled, Kernel, KernelGradient, BiasGradient, InputGradient, Partials;
        public int* Argmax;
        public int Rows, Block, Blocks, Groups, KernelLength, Sums, Filters;
        public Window2D Window, Pool;

        public readonly void Run(int part, int parts)
        {
            var (from, to) = WorkerPool.PartRange(Groups, part, parts);
            if (from == to) return;
            int image = Window.OutputPositions * Filters, frames = Conv2DMath.ColumnsLength(Window, Block);
            // The block's output gradient on a cache line, as the parameters: the tiles read its rows as whole vectors.
            float[] scratch = ArrayPool<float>.Shared.Rent(GemmEngine.PackedLength(Block * image + frames));
            try
            {
                fixed (float* rented = scratch)
                {
                    float* dz = GemmEngine.LineStart(rented), padded = dz + (nint)Block * image;
                    for (int group = from; group < to; group++)
                    {
                        float* kernelSums = KernelGradient == null || group == 0 ? KernelGradient : Partials + (nint)(group - 1) * Sums;
                        float* biasSums = BiasGradient == null ? null : group == 0 ? BiasGradient : kernelSums + KernelLength;
                        var (firstBlock, endBlock) = WorkerPool.PartRange(Blocks, group, Groups);
                        for (int b = firstBlock; b < endBlock; b++)
                        {
                            int first = b * Block, count = Math.Min(Block, Rows - first);
                            PoolingMath.MaxBackwardThroughImages<TAct>(PooledGradient, Argmax, Pooled, dz, first, first + count, Pool, parallel: false);
                            if (kernelSums != null)
                                DirectWeightGradient.Compute(X + (nint)first * Window.InputSize, dz, kernelSums, biasSums, padded,
                                    Conv2DMath.ChunkFrames(Window, count), count, Window, Filters, GemmEngine.FastestPath, accumulate: b > firstBlock);
                            if (InputGradient != null)
                                DirectInputGradient.Compute(dz, Kernel, InputGradient + (nint)first * Window.InputSize, count, Window, Filters,
                                    GemmEngine.FastestPath);
                        }
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>The images of one part, a block at a time through the scratch buffer.</summary>
    private struct Job<TAct> : IParallelJob where TAct : struct, IActivation
    {
        public float* X, Kernel, Bias, Pooled;
        public int* Argmax; // null at inference
        public int Rows, Filters;
        public Window2D Window, Pool;

        public readonly void Run(int part, int parts)
        {
            var (from, to) = WorkerPool.PartRange(Rows, part, parts);
            if (from == to) return;
            int image = Window.OutputPositions * Filters;
            int block = Math.Clamp(BlockFloats / image, 1, to - from);
            int frames = Conv2DMath.ColumnsLength(Window, block);
            float[] scratch = ArrayPool<float>.Shared.Rent(block * image + frames);
            try
            {
                var output = scratch.AsSpan(0, block * image);
                var columns = scratch.AsSpan(block * image, frames);
                int length = Window.WindowHeight * Window.WindowWidth * Window.InputChannels * Filters;
                var kernel = new ReadOnlySpan<float>(Kernel, length);
                var bias = Bias == null ? [] : new ReadOnlySpan<float>(Bias, Filters);
                fixed (float* ps = scratch)
                    for (int first = from; first < to; first += block)
                    {
                        int count = Math.Min(block, to - first);
                        var x = new ReadOnlySpan<float>(X + (nint)first * Window.InputSize, count * Window.InputSize);
                        Conv2DMath.Forward<TAct>(x, kernel, bias, output, columns, count, Window, Filters);
                        // Pooled as images [first, first + count) of the batch whose image 0 would lie before the scratch, so
                        // the arg-maxes index the whole batch's convolution output, as the backward pass reads them.
                        PoolingMath.MaxImages(ps - (nint)first * image, Pooled, Argmax, first, first + count, Pool);
                    }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
    }
}
