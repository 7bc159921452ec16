using System.Diagnostics;
using System.Globalization;
using NeuralDsl;

namespace Classify;

/// <summary>
/// The numbers tests/NeuralDsl.Benchmarks/Inference/compare.sh collects for this binary and its peers (the PyTorch
/// script beside it prints the same keys): the wall-clock time of the first prediction (the script subtracts the time
/// it started the process), the median latency of one-row predictions, and rows per second over 10 000 rows (the
/// input repeated as needed). One line of key=value pairs.
/// </summary>
internal static class Benchmark
{
    public static void Run(SequentialModel model, float[] x)
    {
        int width = model.Info.InputSize, rows = x.Length / width;
        var output = new float[model.Info.OutputSize];
        model.Predict(x.AsSpan(0, width), output);
        double firstPrediction = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        const int singles = 2000;
        var latencies = new double[singles];
        for (int i = 0; i < singles; i++)
        {
            long begin = Stopwatch.GetTimestamp();
            model.Predict(x.AsSpan(i % rows * width, width), output);
            latencies[i] = Stopwatch.GetElapsedTime(begin).TotalMicroseconds;
        }
        Array.Sort(latencies);

        const int batchRows = 10_000;
        var batch = new float[batchRows * width];
        for (int r = 0; r < batchRows; r++) x.AsSpan(r % rows * width, width).CopyTo(batch.AsSpan(r * width));
        var predictions = new float[batchRows * model.Info.OutputSize];
        model.Predict(batch, predictions);
        var seconds = new double[5];
        for (int i = 0; i < seconds.Length; i++)
        {
            long begin = Stopwatch.GetTimestamp();
            model.Predict(batch, predictions);
            seconds[i] = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        }
        Array.Sort(seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first_prediction_unix_ms={firstPrediction:0} batch1_us={latencies[singles / 2]:0.0} rows_per_s={batchRows / seconds[seconds.Length / 2]:0}"));
    }
}
