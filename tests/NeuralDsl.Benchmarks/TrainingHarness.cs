using System.Diagnostics;
using System.Globalization;
using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// CPU training throughput as a share of the machine's multiply-add peak (<see cref="FmaPeak"/>): the Keras MNIST convnet
/// (batch 128, Adam: the Keras example's settings) and the tutorial MLP (batch 128, Adam), the median of five timed
/// epochs after one of warm-up. GFLOP/s count the products only (forward, weight gradients, and input gradients above
/// the first layer), 2 FLOP a multiply-add.
/// </summary>
public static class TrainingHarness
{
    /// <summary>Multiply-adds of one forward pass of the Keras convnet: conv 26²·9·32, conv 11²·288·64, dense 1600·10.</summary>
    private const long ConvnetFirst = 26 * 26 * 9 * 32, ConvnetForward = ConvnetFirst + 11 * 11 * 288 * 64 + 1600 * 10;

    /// <summary>Its training step: forward, weight gradients, and input gradients of all but the first layer.</summary>
    private const long ConvnetTraining = 2 * ConvnetForward + (ConvnetForward - ConvnetFirst);

    /// <summary>The tutorial MLP 784-128-128-10: forward, weight gradients, input gradients of the two upper layers.</summary>
    private const long MlpFirst = 784 * 128, MlpForward = MlpFirst + 128 * 128 + 128 * 10;
    private const long MlpTraining = 2 * MlpForward + (MlpForward - MlpFirst);

    /// <summary>A profiler's loop: epochs of one model's training for about <paramref name="seconds"/>.</summary>
    public static void Loop(string name, double seconds)
    {
        var pixels = Data.Pixels(4096, 784, out _);
        var labels = Data.Labels(4096, 10, 31);
        SequentialModel model = name == nameof(TutorialMlp) ? new TutorialMlp(seed: 1) : new KerasMnistConvnet(seed: 1);
        var options = new FitOptions { Epochs = 1, BatchSize = 128, Optimizer = new Adam(), Verbose = Verbosity.Silent, Shuffle = true };
        long end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end) model.Fit(pixels, labels, options);
    }

    public static void Run()
    {
        double peak = FmaPeak.Measure();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FMA peak {peak:F1} GFLOP/s on {Environment.ProcessorCount} cores (measured: {nameof(FmaPeak)})"));
        var pixels = Data.Pixels(24_000, 784, out string source);
        var labels = Data.Labels(24_000, 10, 31);
        Report("KerasMnistConvnet", new KerasMnistConvnet(seed: 1), pixels.AsSpan(0, 4096 * 784).ToArray(), labels[..4096], ConvnetTraining, peak);
        Report("TutorialMlp", new TutorialMlp(seed: 1), pixels, labels, MlpTraining, peak);
        Console.WriteLine($"inputs: {source} pixels");
    }

    private static void Report(string name, SequentialModel model, float[] x, int[] labels, long multiplyAdds, double peak)
    {
        var options = new FitOptions { Epochs = 1, BatchSize = 128, Optimizer = new Adam(), Verbose = Verbosity.Silent, Shuffle = true };
        model.Fit(x, labels, options); // warm-up: workspaces, optimizer moments, tiering
        var rates = new double[5];
        for (int i = 0; i < rates.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            model.Fit(x, labels, options);
            rates[i] = labels.Length / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(rates);
        double samples = rates[rates.Length / 2], gflops = samples * multiplyAdds * 2 / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-18} {samples,10:F0} samples/s   {gflops,6:F1} GFLOP/s   {gflops / peak:P1} of the FMA peak"));
    }
}
