using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.Cpu;

/// <summary>Fully qualified names of the runtime types the CPU code calls (global:: so that a user's
/// own <c>Relu</c> or <c>Loss</c> type can never capture them), and the member names per layer.</summary>
internal static class CpuNames
{
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
    public const string Span = "global::System.Span<float>";
    public const string SequentialModel = "global::NeuralDsl.SequentialModel";
    public const string ModelInfo = "global::NeuralDsl.ModelInfo";
    public const string LayerInfo = "global::NeuralDsl.LayerInfo";
    public const string SafeTensor = "global::NeuralDsl.SafeTensor";
    public const string RandomSource = "global::NeuralDsl.Cpu.RandomSource";
    public const string DenseKernels = "global::NeuralDsl.Cpu.DenseKernels";
    public const string ActivationKernels = "global::NeuralDsl.Cpu.ActivationKernels";
    public const string SoftmaxKernels = "global::NeuralDsl.Cpu.SoftmaxKernels";
    public const string DropoutKernels = "global::NeuralDsl.Cpu.DropoutKernels";
    public const string LossKernels = "global::NeuralDsl.Cpu.LossKernels";
    public const string InitializerKernels = "global::NeuralDsl.Cpu.InitializerKernels";
    public const string RegularizationKernels = "global::NeuralDsl.Cpu.RegularizationKernels";
    public const string Conv2DKernels = "global::NeuralDsl.Cpu.Conv2DKernels";
    public const string PoolingKernels = "global::NeuralDsl.Cpu.PoolingKernels";
    public const string Window2D = "global::NeuralDsl.Cpu.Window2D";
    public const string InlineArray = "global::System.Runtime.CompilerServices.InlineArray";

    /// <summary>The activation's struct for the generic kernels (not Softmax, which is row-wise).</summary>
    public static string ActivationType(Activation activation) => "global::NeuralDsl.Cpu." + activation;

    public static string Loss(Loss loss) => "global::NeuralDsl.Loss." + loss;

    public static string Initializer(Initializer initializer) => "global::NeuralDsl.Initializer." + initializer;

    public static string Metrics(Metric metrics)
    {
        if (metrics == Metric.None) return "global::NeuralDsl.Metric.None";
        string text = "";
        foreach (var flag in new[] { Metric.Accuracy, Metric.Precision, Metric.Recall })
            if ((metrics & flag) != 0) text += (text.Length == 0 ? "" : " | ") + "global::NeuralDsl.Metric." + flag;
        return text;
    }

    public static string OutputSizeConstant(OpPlan op) => op.Stem + "OutputSize";

    public static string OutputField(OpPlan op) => "_" + Camel(op.Stem) + "Output";

    public static string GradientField(OpPlan op) => "_" + Camel(op.Stem) + "Gradient";

    public static string MaskField(OpPlan op) => "_" + Camel(op.Stem) + "Mask";

    public static string ArgmaxField(OpPlan op) => "_" + Camel(op.Stem) + "Argmax";

    public static string ColumnsField(OpPlan op) => "_" + Camel(op.Stem) + "Columns";

    /// <summary>The layer's window geometry, a static readonly <c>Window2D</c>.</summary>
    public static string WindowField(OpPlan op) => "s_" + Camel(op.Stem) + "Window";

    private static string Camel(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
}
