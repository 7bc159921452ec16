using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace NeuralDsl.Benchmarks;

/// <summary>A small Stopwatch harness over the same benchmark methods: warm-up, then the median of
/// <c>samples</c> timed batches, each long enough (≥ 20 ms) to make the timer's resolution irrelevant.</summary>
public static class QuickHarness
{
    public static void Run(int samples)
    {
        _ = Data.Pixels(128, 784, out string source);
        Console.WriteLine($"inputs: {source} pixels ({Data.ZeroShare(Data.Pixels(128, 784, out _)):P0} zeros); {Environment.ProcessorCount} cores; median of {samples}");
        foreach (var type in new[] { typeof(GemmBenchmarks), typeof(DenseBenchmarks), typeof(ElementwiseBenchmarks), typeof(BatchNormalizationFoldBenchmarks) })
        {
            object instance = Activator.CreateInstance(type)!;
            type.GetMethod("Setup")!.Invoke(instance, null);
            var groups = type.GetMethods()
                .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
                .GroupBy(m => m.GetCustomAttribute<BenchmarkCategoryAttribute>()!.Categories[0]);
            foreach (var group in groups)
            {
                double baseline = double.NaN;
                var rows = new List<(string Name, double Median)>();
                foreach (var method in group)
                {
                    var action = method.CreateDelegate<Action>(instance);
                    double median = Measure(action, samples);
                    if (method.GetCustomAttribute<BenchmarkAttribute>()!.Baseline) baseline = median;
                    rows.Add((method.Name, median));
                }
                foreach (var (name, median) in rows)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{group.Key,-28} {name,-24} {median,10:F1} µs   ratio {median / baseline,6:F3}   speed-up ×{baseline / median,6:F2}"));
            }
            type.GetMethod("Cleanup")?.Invoke(instance, null);
        }
    }

    private static double Measure(Action action, int samples)
    {
        // Warm-up through tiering (and find how many calls make a batch of at least 20 ms).
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.ElapsedMilliseconds < 300 || calls < 3) { action(); calls++; }
        int perBatch = Math.Max(1, (int)(calls * 20.0 / clock.Elapsed.TotalMilliseconds));
        var times = new double[samples];
        for (int s = 0; s < samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perBatch; i++) action();
            times[s] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / perBatch;
        }
        Array.Sort(times);
        return times[samples / 2];
    }
}
