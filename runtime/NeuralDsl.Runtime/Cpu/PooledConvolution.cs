using System.Buffers;

namespace NeuralDsl.Cpu;

/// <summary>
/// A convolution and the max pooling that alone reads it, run a block of images at a time: each block's convolution
/// output goes to a scratch buffer that stays in the L2 cache and is pooled from there, so the convolution's output is
/// never written whole. At batch 128 the Keras convnet's first output is 11 MB: written to memory and read back by the
/// pooling it cost more than the convolution's arithmetic (and its time swung 0.5–8 ms with the memory traffic of the
/// machine's other tenants).
/// </summary>
/// <remarks>Every value is computed by the same tile, and every window pooled by the same kernel, as the two passes run
/// apart: the results are bit for bit theirs, on any number of threads.</remarks>
internal static unsafe class PooledConvolution
{
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
                        // the arg-maxes index the whole batch's convolution output, where the backward pass scatters.
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
