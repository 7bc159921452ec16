using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using NeuralDsl.Benchmarks;

// NeuralDsl's Predict and ONNX Runtime on the same weights, in one process (OnnxPair checks their outputs equal within
// 1e-5 first): batch-1 latency (median µs per call) and throughput (median rows/s of whole calls) per model. One line
// of key=value pairs per figure, for ../onnxruntime_side_by_side.sh.
//   SideBySide [--engines all|neuraldsl]     (neuraldsl: time Predict only; ONNX Runtime is still loaded and checked)
//   SideBySide --loop MODEL ROWS SECONDS     (calls Predict only, for a profiler: Inference/profile.sh)

if (args.Length == 4 && args[0] == "--loop")
{
    using var looped = new OnnxPair(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), []);
    var until = Stopwatch.StartNew();
    long calls = 0;
    while (until.Elapsed.TotalSeconds < double.Parse(args[3], CultureInfo.InvariantCulture)) { looped.PredictNeuralDsl(); calls++; }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {calls} calls, {until.Elapsed.TotalMicroseconds / calls:0.#} µs each"));
    return;
}

bool ortToo = !(args.Length == 2 && args[0] == "--engines" && args[1] == "neuraldsl");
int allCores = Environment.ProcessorCount;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"# {(File.Exists(Path.Combine(AppContext.BaseDirectory, "SideBySide.dll")) ? "JIT" : "NativeAOT")}, {Environment.Version}, {allCores} cores, Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}"));

(string Model, int Rows)[] cases =
[
    ("TutorialMlp", 1), ("TutorialMlp", 10_000),
    ("KerasMnistConvnet", 1), ("KerasMnistConvnet", 10_000),
    ("ResNet20V1", 1), ("ResNet20V1", 1_000),
];
foreach (var (model, rows) in cases)
{
    using var pair = new OnnxPair(model, rows, [1, allCores]);
    Report(pair, "neuraldsl", pair.PredictNeuralDsl);
    if (!ortToo) continue;
    Report(pair, "ort1", () => pair.RunOrt(1));
    Report(pair, $"ort{allCores}", () => pair.RunOrt(allCores));
}

static void Report(OnnxPair pair, string engine, Action run)
{
    bool latency = pair.Rows == 1;
    double value = latency ? Latency(run) : pair.Rows / Seconds(run);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"model={pair.Name} rows={pair.Rows} engine={engine} {(latency ? "us" : "rows_per_s")}={value:0.###}"));
}

// Median µs per call over 21 windows of at least 20 ms, after 1.5 s of warm-up (on the JIT, dynamic PGO needs that long
// to bring every method on the path to its final tier; PredictHarness measured it).
static double Latency(Action run)
{
    var clock = Stopwatch.StartNew();
    int calls = 0;
    while (clock.ElapsedMilliseconds < 1500 || calls < 3) { run(); calls++; }
    int perWindow = Math.Max(1, (int)(calls * 20.0 / clock.Elapsed.TotalMilliseconds));
    var times = new double[21];
    for (int s = 0; s < times.Length; s++)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < perWindow; i++) run();
        times[s] = Stopwatch.GetElapsedTime(start).TotalMicroseconds / perWindow;
    }
    return Median(times);
}

// Median seconds of one call on all rows, after warm-up calls for 1 s (at least 2): 3 to 11 calls, about 3 s in all.
static double Seconds(Action run)
{
    var clock = Stopwatch.StartNew();
    int calls = 0;
    while (clock.ElapsedMilliseconds < 1000 || calls < 2) { run(); calls++; }
    double guess = clock.Elapsed.TotalSeconds / calls;
    var times = new double[Math.Clamp((int)(3 / guess) | 1, 3, 11)];
    for (int s = 0; s < times.Length; s++)
    {
        long start = Stopwatch.GetTimestamp();
        run();
        times[s] = Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
    return Median(times);
}

static double Median(double[] values)
{
    Array.Sort(values);
    return values[values.Length / 2];
}
