using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NeuralDsl.Benchmarks;

/// <summary>The backend a model runs on in <see cref="OpenClBenchmarks"/>.</summary>
public enum Backend
{
    /// <summary>The SIMD CPU kernels (<see cref="Device.Cpu"/>), the baseline.</summary>
    Cpu,

    /// <summary>The generated OpenCL C on the first OpenCL device (<see cref="Device.OpenCl()"/>): PoCL's CPU driver here.</summary>
    OpenCl,
}

/// <summary>
/// The OpenCL backend against the CPU backend on the same machine: one training epoch (Adam, batch 128,
/// shuffled) and inference over the same rows, for the tutorial MLP and a small CNN on fixed synthetic data.
/// BenchmarkDotNet has no baseline <em>parameter</em>, so the "Ratio vs CPU" column divides each row's
/// median by the median of the same method with <see cref="Backend.Cpu"/>; "Rows/s" is rows over the median.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MedianColumn]
[MemoryDiagnoser]
[Config(typeof(Columns))]
public class OpenClBenchmarks
{
    public const int MlpRows = 4096, CnnRows = 1024, BatchSize = 128, Classes = 10;

    private TutorialMlp? _mlp;
    private SmallCnn? _cnn;
    private float[] _mlpX = [], _cnnX = [];
    private int[] _mlpLabels = [], _cnnLabels = [];

    [Params(Backend.Cpu, Backend.OpenCl)]
    public Backend Backend { get; set; }

    [GlobalSetup(Targets = [nameof(MlpFit), nameof(MlpPredict)])]
    public void SetupMlp()
    {
        _mlpX = Data.Uniform(MlpRows * 784, 11);
        _mlpLabels = Data.Labels(MlpRows, Classes, 12);
        _mlp = new TutorialMlp(seed: 1);
        Prepare(_mlp, _mlpX, _mlpLabels);
    }

    [GlobalSetup(Targets = [nameof(CnnFit), nameof(CnnPredict)])]
    public void SetupCnn()
    {
        _cnnX = Data.Uniform(CnnRows * 28 * 28, 21);
        _cnnLabels = Data.Labels(CnnRows, Classes, 22);
        _cnn = new SmallCnn(seed: 1);
        Prepare(_cnn, _cnnX, _cnnLabels);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // Back to the CPU releases the OpenCL buffers and queue state of the model.
        _mlp?.UseDevice(Device.Cpu);
        _cnn?.UseDevice(Device.Cpu);
    }

    [Benchmark, Rows(MlpRows)]
    public History MlpFit() => _mlp!.Fit(_mlpX, _mlpLabels, Options());

    [Benchmark, Rows(MlpRows)]
    public float[] MlpPredict() => _mlp!.Predict(_mlpX);

    [Benchmark, Rows(CnnRows)]
    public History CnnFit() => _cnn!.Fit(_cnnX, _cnnLabels, Options());

    [Benchmark, Rows(CnnRows)]
    public float[] CnnPredict() => _cnn!.Predict(_cnnX);

    private static FitOptions Options() => new()
    {
        Epochs = 1,
        BatchSize = BatchSize,
        Optimizer = new Adam(),
        Verbose = Verbosity.Silent,
        Shuffle = true,
    };

    /// <summary>Moves the model to the backend, then runs one epoch and one inference untimed, so that the
    /// driver's first-launch work (PoCL compiles each kernel for its work-group size on first use) and the
    /// workspace allocations happen before BenchmarkDotNet's jitting and pilot stages.</summary>
    private void Prepare(SequentialModel model, float[] x, int[] labels)
    {
        model.UseDevice(Backend == Backend.Cpu ? Device.Cpu : Device.OpenCl());
        Console.WriteLine($"// {model.Info.Name} on {model.Device}");
        model.Fit(x, labels, Options());
        model.Predict(x);
    }

    /// <summary>Rows one invocation of the benchmark processes, for the Rows/s column.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class RowsAttribute(int rows) : Attribute
    {
        public int Rows { get; } = rows;
    }

    private sealed class Columns : ManualConfig
    {
        public Columns() => AddColumn(new RatioToCpuColumn(), new RowsPerSecondColumn());
    }

    /// <summary>A numeric column computed from the summary's medians.</summary>
    private abstract class DerivedColumn : IColumn
    {
        public abstract string Id { get; }
        public abstract string ColumnName { get; }
        public abstract string Legend { get; }
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;

        public abstract string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }

    /// <summary>Median of this case over the median of the same method (and job) on <see cref="Backend.Cpu"/>.</summary>
    private sealed class RatioToCpuColumn : DerivedColumn
    {
        public override string Id => nameof(RatioToCpuColumn);
        public override string ColumnName => "Ratio vs CPU";
        public override string Legend => "Median of this backend / median of the CPU backend for the same method (OpenCL / CPU)";

        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var cpu = summary.BenchmarksCases.FirstOrDefault(c =>
                c.Descriptor == benchmarkCase.Descriptor && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo &&
                Equals(c.Parameters[nameof(Backend)], Backend.Cpu));
            double? mine = summary[benchmarkCase]?.ResultStatistics?.Median;
            double? baseline = cpu is null ? null : summary[cpu]?.ResultStatistics?.Median;
            return mine is double m && baseline is double b && b > 0 ? (m / b).ToString("F2", style.CultureInfo) : "?";
        }
    }

    /// <summary>Rows of the method's <see cref="RowsAttribute"/> over its median time.</summary>
    private sealed class RowsPerSecondColumn : DerivedColumn
    {
        public override string Id => nameof(RowsPerSecondColumn);
        public override string ColumnName => "Rows/s";
        public override string Legend => "Rows processed per second at the median time";

        public override string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            int? rows = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<RowsAttribute>()?.Rows;
            double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
            return rows is int r && nanoseconds is double ns && ns > 0 ? (r * 1e9 / ns).ToString("N0", style.CultureInfo) : "?";
        }
    }
}
