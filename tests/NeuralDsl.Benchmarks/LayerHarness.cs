using System.Diagnostics;
using System.Globalization;
using NeuralDsl.Cpu;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// Where a training step of the Keras MNIST convnet (batch 128) spends its time: each layer's forward and backward pass
/// timed alone through the same runtime kernels its generated passes call, with the products' GFLOP/s and share of the
/// measured multiply-add peak. Indented lines are parts of the line above, or what it replaced ("was:": the im2col form of
/// the backward convolution). The median of 31 calls after half a second of warm-up; every call runs on a warm workspace.
/// </summary>
/// <remarks>The generated passes call exactly these kernels with these sizes (see the KerasMnistCnn snapshot); what this
/// leaves out is the optimizer step and the training loop's own work (batch gather, loss and metrics), which the last
/// line estimates as the difference to a measured Fit step.</remarks>
public static class LayerHarness
{
    private const int Rows = 128, Calls = 31;

    public static void Run(string? only = null, double loopSeconds = 0)
    {
        double peak = FmaPeak.Measure();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Keras convnet, batch {Rows}; FMA peak {peak:F1} GFLOP/s on {Environment.ProcessorCount} cores (measured: {nameof(FmaPeak)})"));
        var conv1 = Window2D.Create(28, 28, 1, 3, 3, 1, 1, samePadding: false);
        var pool1 = Window2D.Create(26, 26, 32, 2, 2, 2, 2, samePadding: false);
        var conv2 = Window2D.Create(13, 13, 32, 3, 3, 1, 1, samePadding: false);
        var pool2 = Window2D.Create(11, 11, 64, 2, 2, 2, 2, samePadding: false);
        var random = new Random(1);
        float[] Fill(int n, float scale = 1f) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)(random.NextDouble() - 0.5) * scale; return a; }

        float[] x = Fill(Rows * 784), k1 = Fill(9 * 32, 0.3f), b1 = Fill(32), k2 = Fill(288 * 64, 0.1f), b2 = Fill(64);
        float[] kd = Fill(1600 * 10, 0.05f), bd = Fill(10);
        float[] o1 = new float[Rows * 26 * 26 * 32], g1 = Fill(o1.Length), p1 = new float[Rows * 13 * 13 * 32], gp1 = Fill(p1.Length);
        int[] a1 = new int[p1.Length];
        float[] g2 = Fill(Rows * 11 * 11 * 64), p2 = new float[Rows * 1600], gp2 = Fill(p2.Length);
        int[] a2 = new int[p2.Length];
        float[] mask = new float[Rows * 1600], d = new float[Rows * 1600], gd = Fill(Rows * 1600);
        float[] z = new float[Rows * 10], gz = Fill(Rows * 10, 0.01f), targets = new float[Rows * 10];
        for (int r = 0; r < Rows; r++) targets[r * 10 + r % 10] = 1;
        float[] c1 = new float[Conv2DMath.ColumnsLength(conv1, Rows)], c2 = new float[Conv2DMath.ColumnsLength(conv2, Rows)];
        float[] gk1 = new float[k1.Length], gb1 = new float[32], gk2 = new float[k2.Length], gb2 = new float[64], gkd = new float[kd.Length], gbd = new float[10];
        var dropoutRandom = new RandomSource(7);
        float[] whole = Fill(Rows * 121 * 288); // im2col columns of the whole batch, for the products of the form replaced

        const long Conv1 = 26L * 26 * 9 * 32, Conv2 = 11L * 11 * 288 * 64, Dense = 1600 * 10;
        var passes = new List<(string Name, Action Pass, long MultiplyAdds)>
        {
            ("conv2d + max_pooling2d forward", () => Conv2DMath.ForwardMaxPooled<Relu>(x, k1, b1, p1, a1, Rows, conv1, 32, pool1), Conv1),
            ("  conv2d forward alone", () => Conv2DMath.Forward<Relu>(x, k1, b1, o1, c1, Rows, conv1, 32), Conv1),
            ("  max_pooling2d forward alone", () => PoolingMath.MaxForward(o1, p1, a1, Rows, pool1), 0),
            ("conv2d_1 + max_pooling2d_1 forward", () => Conv2DMath.ForwardMaxPooled<Relu>(p1, k2, b2, p2, a2, Rows, conv2, 64, pool2), Conv2),
            ("dropout forward (mask, apply)", () => { DropoutMath.SampleMask(mask, 0.5f, dropoutRandom); DropoutMath.Apply(p2, mask, d); }, 0),
            ("dense forward (+bias, softmax)", () => { DenseMath.Forward<Linear>(d, kd, bd, z, Rows, 1600, 10); SoftmaxMath.Forward(z, z, Rows, 10); }, Dense),
            ("loss gradient", () => LossMath.SoftmaxCrossEntropyGradient(z, targets, gz, Rows, 10), 0),
            ("dense backward", () => DenseMath.Backward(d, gz, kd, gkd, gbd, gd, Rows, 1600, 10), 2 * Dense),
            ("dropout backward", () => DropoutMath.Apply(gd, mask, gp2), 0),
            ("max_pooling2d_1 + conv2d_1 backward", () => Conv2DMath.BackwardMaxPooled<Relu>(p1, gp2, a2, p2, k2, gk2, gb2, gp1, Rows, conv2, 64, pool2), 2 * Conv2),
            ("  max_pooling2d_1 backward alone", () => PoolingMath.MaxBackwardThrough<Relu>(gp2, a2, p2, g2, Rows, pool2), 0),
            ("  conv2d_1 backward alone", () => Conv2DMath.Backward(p1, g2, k2, gk2, gb2, gp1, c2, Rows, conv2, 64), 2 * Conv2),
            ("  weight gradient (direct)", () => Conv2DMath.Backward(p1, g2, k2, gk2, gb2, Span<float>.Empty, c2, Rows, conv2, 64), Conv2),
            ("  input gradient (direct)", () => Conv2DMath.Backward(p1, g2, k2, Span<float>.Empty, Span<float>.Empty, gp1, c2, Rows, conv2, 64), Conv2),
            ("  was: weight gradient (im2col Tn)", () => Gemm.Tn(whole, g2, gk2, Rows * 121, 288, 64), Conv2),
            ("  was: input gradient (Nt, no col2im)", () => Gemm.Nt(g2, k2, whole, Rows * 121, 288, 64), Conv2),
            ("max_pooling2d + conv2d backward", () => Conv2DMath.BackwardMaxPooled<Relu>(x, gp1, a1, p1, k1, gk1, gb1, Span<float>.Empty, Rows, conv1, 32, pool1), Conv1),
            ("  max_pooling2d backward alone", () => PoolingMath.MaxBackwardThrough<Relu>(gp1, a1, p1, g1, Rows, pool1), 0),
            ("  conv2d backward alone (weights)", () => Conv2DMath.Backward(x, g1, k1, gk1, gb1, Span<float>.Empty, c1, Rows, conv1, 32), Conv1),
        };

        // The arg-maxes of real forward passes: the pooled backward refuses indices outside their windows.
        Conv2DMath.ForwardMaxPooled<Relu>(x, k1, b1, p1, a1, Rows, conv1, 32, pool1);
        Conv2DMath.ForwardMaxPooled<Relu>(p1, k2, b2, p2, a2, Rows, conv2, 64, pool2);
        if (only is not null)
        {
            // A profiler's loop: one pass, again and again.
            var (_, pass, _) = passes.First(p => p.Name.Trim() == only);
            long end = Stopwatch.GetTimestamp() + (long)(loopSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end) pass();
            return;
        }
        double total = 0;
        foreach (var (name, pass, macs) in passes)
        {
            double ms = PassTimer.Time(pass, Calls).Median;
            if (!name.StartsWith(' ')) total += ms;
            double gflops = macs * 2.0 * Rows / (ms * 1e6);
            string rate = macs > 0 ? string.Create(CultureInfo.InvariantCulture, $"  {gflops,6:F1} GFLOP/s  {gflops / peak,6:P1}") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {ms,8:F3} ms{rate}"));
        }
        const long StepMultiplyAdds = 2 * (Conv1 + Conv2 + Dense) + Conv2 + Dense;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"layers' sum",-36} {total,8:F3} ms  {StepMultiplyAdds * 2.0 * Rows / (total * 1e6),6:F1} GFLOP/s  → {Rows / total * 1000:F0} samples/s without optimizer and loop"));
    }
}
