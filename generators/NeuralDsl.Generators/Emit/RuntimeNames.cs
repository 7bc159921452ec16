using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit;

/// <summary>Fully qualified names of the runtime types generated C# uses (global::, so that a user's own <c>Relu</c>
/// or <c>Loss</c> type can never capture them), and the names of the generated C# members every part refers to.</summary>
internal static class RuntimeNames
{
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
    public const string Span = "global::System.Span<float>";
    public const string InlineArray = "global::System.Runtime.CompilerServices.InlineArray";
    public const string SequentialModel = "global::NeuralDsl.SequentialModel";
    public const string ModelInfo = "global::NeuralDsl.ModelInfo";
    public const string LayerInfo = "global::NeuralDsl.LayerInfo";
    public const string SafeTensor = "global::NeuralDsl.SafeTensor";
    public const string TensorRoleState = "global::NeuralDsl.TensorRole.State";
    public const string PassModeType = "global::NeuralDsl.PassMode";
    public const string RandomSource = "global::NeuralDsl.Cpu.RandomSource";
    public const string CpuPasses = "global::NeuralDsl.Cpu.CpuPasses";
    public const string OpenClPasses = "global::NeuralDsl.OpenCl.OpenClPasses";
    public const string OpenClLauncher = "global::NeuralDsl.OpenCl.OpenClLauncher";

    public static string LossValue(Loss loss) => "global::NeuralDsl.Loss." + loss;

    public static string InitializerValue(Initializer initializer) => "global::NeuralDsl.Initializer." + initializer;

    /// <summary><c>global::NeuralDsl.Metric.Accuracy | global::NeuralDsl.Metric.Recall</c>, or <c>…Metric.None</c>.</summary>
    public static string MetricsValue(Metric metrics)
    {
        var flags = System.Enum.GetValues(typeof(Metric)).Cast<Metric>().Where(flag => flag != Metric.None && (metrics & flag) == flag);
        return string.Join(" | ", (metrics == Metric.None ? new[] { Metric.None } : flags).Select(flag => "global::NeuralDsl.Metric." + flag));
    }

    /// <summary><c>DenseOutputSize</c>: a layer's values per row, a public constant of the model.</summary>
    public static string OutputSizeConstant(string layer) => Casing.PascalCase(layer) + "OutputSize";

    /// <summary><c>Dense1Kernel</c>: the offset of tensor <c>dense_1/kernel</c> in the parameter buffer, a private constant.</summary>
    public static string OffsetConstant(TensorPlan tensor) => Casing.PascalCase(tensor.Name.Replace('/', '_'));
}
