using System.Diagnostics;
using System.Globalization;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// What thread safety costs <c>Predict</c> on the CPU: the median latency of one call on one thread (batch 1 through the
/// typed overload, which allocates nothing, and batch 256), and the throughput of one model instance called from 1 and
/// from 2 threads at once. A Stopwatch harness rather than BenchmarkDotNet, because the throughput needs several
/// threads calling one instance.
/// </summary>
public static class PredictHarness
{
    private const int Samples = 31;

    public static void Run()
    {
        var x = Data.Pixels(256, 784, out string source);
        var model = new TutorialMlp(seed: 1);
        var one = new TutorialMlp.InputVector();
        x.AsSpan(0, TutorialMlp.InputSize).CopyTo(one);
        var output = new float[256 * TutorialMlp.OutputSize];
        Console.WriteLine($"TutorialMlp on {source} pixels, {Environment.ProcessorCount} cores, median of {Samples}");
        Report("latency batch 1 (typed)", Latency(() => model.Predict(in one)), "µs");
        Report("latency batch 256", Latency(() => model.Predict(x, output)), "µs");
        foreach (int rows in new[] { 1, 256 })
        {
            double single = Throughput(model, x, rows, threads: 1);
            double two = Throughput(model, x, rows, threads: 2);
            Report($"throughput batch {rows}, 1 thread", single, "rows/s");
            Report($"throughput batch {rows}, 2 threads", two, $"rows/s (×{two / single:F2})");
        }
    }

    private static void Report(string name, double value, string unit) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {value,12:F1} {unit}"));

    /// <summary>Median µs per call over batches of calls of at least 20 ms, after 2 s of warm-up: with dynamic PGO a shorter one
    /// can end before every method on the path reached its final tier (measured: 300 ms left batch-1 latency 10 µs high).</summary>
    private static double Latency(Action action)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.ElapsedMilliseconds < 2000 || calls < 3) { action(); calls++; }
        int perBatch = Math.Max(1, (int)(calls * 20.0 / clock.Elapsed.TotalMilliseconds));
        var times = new double[Samples];
        for (int s = 0; s < Samples; s++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perBatch; i++) action();
            times[s] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / perBatch;
        }
        Array.Sort(times);
        return times[Samples / 2];
    }

    /// <summary>Median rows per second over <see cref="Samples"/> windows of 50 ms, each thread calling Predict on
    /// <paramref name="model"/> with its own output buffer.</summary>
    private static double Throughput(TutorialMlp model, float[] x, int rows, int threads)
    {
        var input = x.AsMemory(0, rows * TutorialMlp.InputSize);
        long done = 0;
        bool stop = false;
        var workers = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            workers[t] = new Thread(() =>
            {
                var output = new float[rows * TutorialMlp.OutputSize];
                while (!Volatile.Read(ref stop))
                {
                    model.Predict(input.Span, output);
                    Interlocked.Add(ref done, rows);
                }
            });
            workers[t].Start();
        }
        Thread.Sleep(300); // warm-up
        var rates = new double[Samples];
        for (int s = 0; s < Samples; s++)
        {
            long before = Interlocked.Read(ref done), start = Stopwatch.GetTimestamp();
            Thread.Sleep(50);
            rates[s] = (Interlocked.Read(ref done) - before) / Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Volatile.Write(ref stop, true);
        foreach (var worker in workers) worker.Join();
        Array.Sort(rates);
        return rates[Samples / 2];
    }
}
