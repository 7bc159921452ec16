using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.Cpu;

/// <summary>The runtime's CPU math the generated passes call, and the names of the passes' members.</summary>
internal static class CpuNames
{
    public const string DenseMath = "global::NeuralDsl.Cpu.DenseMath";
    public const string ActivationMath = "global::NeuralDsl.Cpu.ActivationMath";
    public const string SoftmaxMath = "global::NeuralDsl.Cpu.SoftmaxMath";
    public const string DropoutMath = "global::NeuralDsl.Cpu.DropoutMath";
    public const string LossMath = "global::NeuralDsl.Cpu.LossMath";
    public const string RegularizationMath = "global::NeuralDsl.Cpu.RegularizationMath";
    public const string Conv2DMath = "global::NeuralDsl.Cpu.Conv2DMath";
    public const string PoolingMath = "global::NeuralDsl.Cpu.PoolingMath";
    public const string BatchNormalizationMath = "global::NeuralDsl.Cpu.BatchNormalizationMath";
    public const string GlobalPoolingMath = "global::NeuralDsl.Cpu.GlobalPoolingMath";
    public const string ZeroPaddingMath = "global::NeuralDsl.Cpu.ZeroPaddingMath";
    public const string ConcatenateMath = "global::NeuralDsl.Cpu.ConcatenateMath";
    public const string AugmentationMath = "global::NeuralDsl.Cpu.AugmentationMath";
    public const string VectorOps = "global::NeuralDsl.Cpu.VectorOps";
    public const string Window2D = "global::NeuralDsl.Cpu.Window2D";

    /// <summary>The nested class holding the CPU passes.</summary>
    public const string PassesClass = "GeneratedCpuPasses";

    /// <summary>The activation's struct for the generic math (every activation but softmax, which is row-wise).</summary>
    public static string ActivationType(Activation activation) => "global::NeuralDsl.Cpu." + activation;

    /// <summary><c>_dense1Gradient</c>: the workspace field of a buffer.</summary>
    public static string Field(BufferPlan buffer) => "_" + Casing.CamelCase(Casing.PascalCase(buffer.Name));

    /// <summary>The buffer's rows of this batch, <c>_denseOutput.AsSpan(0, rows * Width)</c>, with the width named by
    /// <paramref name="width"/> (a constant of the method) or, by default, the owner's output-size constant.</summary>
    public static string Rows(BufferPlan buffer, string? width = null) =>
        Field(buffer) + ".AsSpan(0, rows * " + (width ?? RuntimeNames.OutputSizeConstant(buffer.Layer)) + ")";

    /// <summary>A layer's input rows in backward: the buffer of the pass before it, or the model input <c>x</c>.</summary>
    public static string InputRows(BufferPlan? input, string? width = null) => input is null ? "x" : Rows(input, width);

    /// <summary>The layer's window geometry, a static readonly <c>Window2D</c>.</summary>
    public static string WindowField(OpPlan op) => "s_" + Casing.CamelCase(op.MemberName) + "Window";

    public static string ForwardMethod(OpPlan op) => op.MemberName + "Forward";

    public static string BackwardMethod(OpPlan op) => op.MemberName + "Backward";
}
