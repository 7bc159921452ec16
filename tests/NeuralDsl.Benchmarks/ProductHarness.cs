using System.Globalization;
using NeuralDsl.Cpu;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// The products of inference on one thread, as the generated passes call them: the tutorial MLP's dense layers in passes of
/// 83 rows (the CPU backend's rows a pass for a 784-wide input), a training batch of 128 and one row, and the convolutions
/// of a batch-1 prediction, with GFLOP/s and share of the measured one-thread multiply-add peak. The median and the fastest of 101 calls after half a second of warm-up.
/// Weights start on a cache line, as a model's parameters do (<see cref="AlignedFloats"/>); the 83-row product runs once
/// more with its kernel 4 floats past one ("+4"), which shows what that alignment is worth.
/// </summary>
public static class ProductHarness
{
    private const int Calls = 101;

    public static void Run()
    {
        int saved = Gemm.MaxDegreeOfParallelism;
        Gemm.MaxDegreeOfParallelism = 1;
        try
        {
            double peak = FmaPeak.Measure(1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one thread; FMA peak {peak:F1} GFLOP/s (measured: {nameof(FmaPeak)})"));
            var random = new Random(1);
            float[] Fill(int n) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)(random.NextDouble() - 0.5); return a; }
            var shapes = new (string Name, int Rows, int Inputs, int Units)[]
            {
                ("dense 784→128, 83 rows", 83, 784, 128), ("dense 128→128, 83 rows", 83, 128, 128), ("dense 128→10, 83 rows", 83, 128, 10),
                ("dense 784→128, 128 rows", 128, 784, 128), ("dense 784→128, 1 row", 1, 784, 128),
                ("dense 784→128, 83 rows, +4", 83, 784, 128),
            };
            foreach (var (name, rows, inputs, units) in shapes)
            {
                int shift = name.EndsWith("+4", StringComparison.Ordinal) ? 4 : 0; // the kernel 4 floats past a cache line
                float[] x = Fill(rows * inputs), b = Fill(units), y = new float[rows * units];
                var w = AlignedFloats.Allocate(inputs * units + shift).Slice(shift);
                Fill(inputs * units).CopyTo(w.AsSpan());
                var (ms, fastest) = PassTimer.Time(() => DenseMath.Forward<Relu>(x, w, b, y, rows, inputs, units), Calls);
                double gflops = 2.0 * rows * inputs * units / (ms * 1e6);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-28} {ms * 1000,9:F2} µs  {gflops,6:F1} GFLOP/s  {gflops / peak,6:P1}   fastest {fastest * 1000,9:F2} µs  {2.0 * rows * inputs * units / (fastest * 1e6) / peak,6:P1}"));
            }
            // The convolutions of a batch-1 prediction: the Keras convnet's two (each with its max pooling) and the 3×3
            // convolutions of ResNet-20's three stages.
            var convolutions = new (string Name, Window2D Window, int Filters, Window2D? Pool)[]
            {
                ("conv 28²×1→32 + pool, 1 image", Window2D.Create(28, 28, 1, 3, 3, 1, 1, false), 32, Window2D.Create(26, 26, 32, 2, 2, 2, 2, false)),
                ("conv 13²×32→64 + pool, 1 image", Window2D.Create(13, 13, 32, 3, 3, 1, 1, false), 64, Window2D.Create(11, 11, 64, 2, 2, 2, 2, false)),
                ("conv 32²×16→16 same, 1 image", Window2D.Create(32, 32, 16, 3, 3, 1, 1, true), 16, null),
                ("conv 16²×32→32 same, 1 image", Window2D.Create(16, 16, 32, 3, 3, 1, 1, true), 32, null),
                ("conv 8²×64→64 same, 1 image", Window2D.Create(8, 8, 64, 3, 3, 1, 1, true), 64, null),
            };
            foreach (var (name, w, filters, pool) in convolutions)
            {
                float[] x = Fill(w.InputSize), k = Fill(w.WindowHeight * w.WindowWidth * w.InputChannels * filters), b = Fill(filters);
                float[] y = new float[w.OutputPositions * filters], frames = new float[Conv2DMath.ColumnsLength(w, 1)];
                float[] pooled = new float[pool is { } p ? p.OutputPositions * p.InputChannels : 0];
                var (ms, fastest) = pool is { } window
                    ? PassTimer.Time(() => Conv2DMath.ForwardMaxPooled<Relu>(x, k, b, pooled, [], 1, w, filters, window), Calls)
                    : PassTimer.Time(() => Conv2DMath.Forward<Relu>(x, k, b, y, frames, 1, w, filters), Calls);
                long macs = w.MultiplyAdds(1, filters);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-28} {ms * 1000,9:F2} µs  {2.0 * macs / (ms * 1e6),6:F1} GFLOP/s  {2.0 * macs / (ms * 1e6) / peak,6:P1}   fastest {fastest * 1000,9:F2} µs  {2.0 * macs / (fastest * 1e6) / peak,6:P1}"));
            }
        }
        finally
        {
            Gemm.MaxDegreeOfParallelism = saved;
        }
    }
}
