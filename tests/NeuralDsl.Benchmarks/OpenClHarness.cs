using System.Diagnostics;
using System.Globalization;
using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// The OpenCL backend (PoCL's CPU driver here) against the CPU backend, one model at a time on the same weights: Predict
/// of 8 192 rows (the median of 7 calls) and one training epoch of 4 096 rows (Adam, batch 128, the median of 3), each after
/// one untimed call (PoCL compiles each kernel on first launch) and <see cref="PassTimer"/>'s warm-up. Ratio = OpenCL time / CPU time: the goal is at most 3.
/// </summary>
public static class OpenClHarness
{
    private const int PredictRows = 8192, FitRows = 4096;

    /// <summary>A profiler's loop: one model's Predict of 8 192 rows on the OpenCL backend for about <paramref name="seconds"/>,
    /// then the median call.</summary>
    public static void Loop(string name, double seconds)
    {
        SequentialModel model = name switch
        {
            nameof(TutorialMlp) => new TutorialMlp(seed: 1),
            nameof(SmallCnn) => new SmallCnn(seed: 1),
            _ => new KerasMnistConvnet(seed: 1),
        };
        model.UseDevice(Device.OpenCl());
        float[] x = Data.Uniform(PredictRows * 784, 11);
        model.Predict(x); // PoCL compiles each kernel on first launch
        var ms = new List<double>();
        long end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end)
        {
            long start = Stopwatch.GetTimestamp();
            model.Predict(x);
            ms.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        model.UseDevice(Device.Cpu);
        ms.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} Predict {PredictRows} rows on OpenCL: median {ms[ms.Count / 2]:F1} ms of {ms.Count} calls"));
    }

    public static void Run()
    {
        Console.WriteLine($"OpenCL device: {Device.OpenCl()}; CPU: {Environment.ProcessorCount} cores");
        Report("TutorialMlp", () => new TutorialMlp(seed: 1), 784);
        Report("SmallCnn", () => new SmallCnn(seed: 1), 784);
        Report("KerasMnistConvnet", () => new KerasMnistConvnet(seed: 1), 784);
    }

    private static void Report(string name, Func<SequentialModel> create, int inputs)
    {
        float[] x = Data.Uniform(PredictRows * inputs, 11);
        int[] labels = Data.Labels(FitRows, 10, 12);
        float[] fitX = x.AsSpan(0, FitRows * inputs).ToArray();
        var options = new FitOptions { Epochs = 1, BatchSize = 128, Optimizer = new Adam(), Verbose = Verbosity.Silent, Shuffle = true };
        var times = new Dictionary<string, (double Predict, double Fit)>();
        foreach (var (backend, device) in new[] { ("CPU", Device.Cpu), ("OpenCL", Device.OpenCl()) })
        {
            var model = create();
            model.UseDevice(device);
            model.Fit(fitX, labels, options);
            model.Predict(x);
            double predict = PassTimer.Time(() => model.Predict(x), 7).Median;
            double fit = PassTimer.Time(() => model.Fit(fitX, labels, options), 3).Median;
            times[backend] = (predict, fit);
            model.UseDevice(Device.Cpu);
        }
        var (cpu, gpu) = (times["CPU"], times["OpenCL"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-18} Predict {PredictRows} rows: CPU {cpu.Predict,8:F1} ms, OpenCL {gpu.Predict,8:F1} ms, ratio {gpu.Predict / cpu.Predict,5:F2}   " +
            $"Fit epoch of {FitRows}: CPU {cpu.Fit,8:F1} ms, OpenCL {gpu.Fit,8:F1} ms, ratio {gpu.Fit / cpu.Fit,5:F2}"));
    }
}
