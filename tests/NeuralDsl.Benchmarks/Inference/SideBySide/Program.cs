using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using NeuralDsl.Benchmarks;

// NeuralDsl's Predict and ONNX Runtime on the same weights, in one process (OnnxPair checks their outputs equal within
// 1e-5 first): batch-1 latency (median µs per call) and throughput (median rows/s of whole calls) per model. One line
// of key=value pairs per figure, for ../onnxruntime_side_by_side.sh.
//   SideBySide [--engines all|neuraldsl]     (all: Predict on all cores and on one thread, ORT on 1 and on all intra-op threads;
//                                            neuraldsl: time Predict only; ONNX Runtime is still loaded and checked)
//   SideBySide --loop MODEL ROWS SECONDS     (calls Predict only, for a profiler: Inference/profile.sh)
//   SideBySide --case MODEL ROWS             (one line of the table, NeuralDsl then ONNX Runtime: for quick A/B runs)

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
bool oneCase = args.Length == 3 && args[0] == "--case";
int allCores = Environment.ProcessorCount;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"# {(File.Exists(Path.Combine(AppContext.BaseDirectory, "SideBySide.dll")) ? "JIT" : "NativeAOT")}, {Environment.Version}, {allCores} cores, Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}"));

(string Model, int Rows)[] cases =
[
    ("TutorialMlp", 1), ("TutorialMlp", 10_000),
    ("KerasMnistConvnet", 1), ("KerasMnistConvnet", 10_000),
    ("ResNet20V1", 1), ("ResNet20V1", 1_000),
];
if (oneCase) cases = [(args[1], int.Parse(args[2], CultureInfo.InvariantCulture))];
foreach (var (model, rows) in cases)
{
    using var pair = new OnnxPair(model, rows, [1, allCores]);
    var engines = new List<(string Name, Action Run)> { ("neuraldsl", pair.PredictNeuralDsl) };
    if (ortToo)
        engines.AddRange([("neuraldsl1", () => OnOneThread(pair.PredictNeuralDsl)), ("ort1", () => pair.RunOrt(1)), ($"ort{allCores}", () => pair.RunOrt(allCores))]);
    bool latency = rows == 1;
    foreach (var (engine, seconds) in engines.Zip(Interleaved(engines.Select(e => e.Run).ToArray(), latency)))
    {
        double value = latency ? seconds * 1e6 : rows / seconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model={pair.Name} rows={pair.Rows} engine={engine.Name} {(latency ? "us" : "rows_per_s")}={value:0.###}"));
    }
}

// The engines' median seconds per call, timed in turns (a window of each, 21 rounds) so that a change in the shared host's
// speed, which on these machines moves a kernel's time by up to 2× within a minute, falls on all of them alike. Warm-up
// first: 1.5 s each for batch 1 (on the JIT, dynamic PGO needs that long to bring every method on the path to its final
// tier; PredictHarness measured it), 1 s and at least 2 calls each for whole batches. A window is at least 20 ms of
// calls for batch 1, one call for a whole batch.
static double[] Interleaved(Action[] runs, bool latency)
{
    var perWindow = new int[runs.Length];
    for (int e = 0; e < runs.Length; e++)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.ElapsedMilliseconds < (latency ? 1500 : 1000) || calls < (latency ? 3 : 2)) { runs[e](); calls++; }
        perWindow[e] = latency ? Math.Max(1, (int)(calls * 20.0 / clock.Elapsed.TotalMilliseconds)) : 1;
    }
    var times = new double[runs.Length][];
    for (int e = 0; e < runs.Length; e++) times[e] = new double[21];
    for (int round = 0; round < 21; round++)
        for (int e = 0; e < runs.Length; e++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < perWindow[e]; i++) runs[e]();
            times[e][round] = Stopwatch.GetElapsedTime(start).TotalSeconds / perWindow[e];
        }
    return [.. times.Select(Median)];
}

// NeuralDsl with its kernels and Predict's row ranges on the calling thread only, as ORT with 1 intra-op thread.
static void OnOneThread(Action run)
{
    int saved = NeuralDsl.Cpu.Gemm.MaxDegreeOfParallelism;
    NeuralDsl.Cpu.Gemm.MaxDegreeOfParallelism = 1;
    try
    {
        run();
    }
    finally
    {
        NeuralDsl.Cpu.Gemm.MaxDegreeOfParallelism = saved;
    }
}

static double Median(double[] values)
{
    Array.Sort(values);
    return values[values.Length / 2];
}
