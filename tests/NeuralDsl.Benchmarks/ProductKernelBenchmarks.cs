using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NeuralDsl.Cpu;
using NeuralDsl.OpenCl;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// The generated OpenCL product kernel on its own: <see cref="ProductModel"/>'s forward product, 1024 × 1024 × 1024,
/// launched and waited for (no transfers), under the device's own <see cref="ProductTuning"/>, the GPU table entry, and
/// the previous kernel's tiling (16 × 16 work-groups of one output each, which the local-tile variant reproduces with
/// 1 × 1 blocks); against the CPU backend's GEMM on the same sizes in the same process (the baseline).
/// "GFLOP/s" is 2·1024³ over the median.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
[MedianColumn]
[Config(typeof(Columns))]
public class ProductKernelBenchmarks
{
    public const int Size = 1024;

    /// <summary>The tilings measured; "device" is <see cref="ProductTuning.For"/>.</summary>
    public static IEnumerable<string> Tunings => ["device", "local=1,tile=64x64x16,block=4x4", "local=1,tile=16x16x16,block=1x1"];

    private ProductModel? _model;
    private OpenClBackend? _backend;
    private int _kernel;
    private float[] _a = [], _b = [], _c = [];

    [ParamsSource(nameof(Tunings))]
    public string Tuning { get; set; } = "device";

    [GlobalSetup(Target = nameof(OpenClProduct))]
    public void SetupOpenCl()
    {
        var device = Device.OpenCl();
        _model = new ProductModel(seed: 1);
        _model.UseDeviceTuned(device, Tuning == "device" ? null : ProductTuning.Parse(Tuning));
        _backend = (OpenClBackend)_model.Backend;
        Console.WriteLine($"// {device}: product tuning {_backend.Tuning}");
        _kernel = _backend.Launcher.KernelIndex("dense_forward");
        _backend.Reserve(Size);
        _backend.LoadParameters();
        _backend.Launcher.BeginPass(Size, PassMode.Inference, 0);
        OpenClProduct(); // PoCL compiles a kernel for its work-group size on first launch
    }

    [GlobalSetup(Target = nameof(CpuGemm))]
    public void SetupCpu()
    {
        _a = Data.Random(Size * Size, 1f, 0, 1);
        _b = Data.Random(Size * Size, 1f, 0, 2);
        _c = new float[Size * Size];
    }

    [GlobalCleanup]
    public void Cleanup() => _model?.UseDevice(Device.Cpu);

    [Benchmark]
    public void OpenClProduct()
    {
        _backend!.Launcher.Product(_kernel, Size, Size);
        _backend.Context.Finish();
    }

    [Benchmark(Baseline = true)]
    public void CpuGemm() => Gemm.Nn(_a, _b, _c, Size, Size, Size);

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new GflopsColumn());
    }

    /// <summary>2·Size³ floating-point operations over the median time.</summary>
    private sealed class GflopsColumn : IColumn
    {
        public string Id => nameof(GflopsColumn);
        public string ColumnName => "GFLOP/s";
        public string Legend => "2 x 1024^3 / median time";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics?.Median is double ns && ns > 0
                ? (2.0 * Size * Size * Size / ns).ToString("F1", style.CultureInfo)
                : "?";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
