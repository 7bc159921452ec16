using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// NeuralDsl's <c>Predict(x, destination)</c> against ONNX Runtime 1.32 running the same model's <c>ExportOnnx</c> file
/// (same weights, outputs checked equal within 1e-5 at setup; <see cref="OnnxPair"/>), with 1 intra-op thread and with
/// one per core. One group per model × batch (the <see cref="Case"/> parameter), NeuralDsl the baseline of each: batch 1
/// (latency) and 10 000 rows (throughput; 1 000 for ResNet-20, whose 10 000-row call takes seconds).
/// Inference/onnxruntime_side_by_side.sh measures the same with a Stopwatch, on the JIT and as a NativeAOT binary.
/// </summary>
[BenchmarkCategory("OnnxRuntime")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class OnnxRuntimeComparisonBenchmarks
{
    private OnnxPair? _pair;

    /// <summary>"model/rows".</summary>
    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "TutorialMlp/1";

    public static IEnumerable<string> Cases() =>
    [
        "TutorialMlp/1", "TutorialMlp/10000",
        "KerasMnistConvnet/1", "KerasMnistConvnet/10000",
        "ResNet20V1/1", "ResNet20V1/1000",
    ];

    private static int AllCores => Environment.ProcessorCount;

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Case.Split('/');
        _pair = new OnnxPair(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), [1, AllCores]);
    }

    [GlobalCleanup]
    public void Cleanup() => _pair?.Dispose();

    [Benchmark(Baseline = true)]
    public void NeuralDsl() => _pair!.PredictNeuralDsl();

    [Benchmark]
    public void OnnxRuntime1Thread() => _pair!.RunOrt(1);

    [Benchmark]
    public void OnnxRuntimeAllCores() => _pair!.RunOrt(AllCores);
}
