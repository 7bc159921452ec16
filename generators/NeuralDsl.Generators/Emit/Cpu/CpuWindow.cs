using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;

namespace NeuralDsl.Generators.Emit.Cpu;

/// <summary>The window geometry a convolution or pooling layer's CPU math reads: a static <c>Window2D</c> with every
/// value named.</summary>
internal static class CpuWindow
{
    public static void WriteField(CodeWriter w, OpPlan op, Window window, string kind, int outputChannels)
    {
        w.Line();
        w.Line($"/// <summary>{op.Name}'s window: {op.Input} \u2192 {window.OutputHeight}\u00D7{window.OutputWidth}\u00D7{outputChannels}, {Text(window, kind)}.</summary>");
        w.Line($"private static readonly {Window2D} {WindowField(op)} = new(InputHeight: {window.InputHeight}, InputWidth: {window.InputWidth}, InputChannels: {window.InputChannels}, " +
            $"WindowHeight: {window.WindowHeight}, WindowWidth: {window.WindowWidth}, StrideHeight: {window.Stride}, StrideWidth: {window.Stride}, " +
            $"PadTop: {window.PadTop}, PadLeft: {window.PadLeft}, OutputHeight: {window.OutputHeight}, OutputWidth: {window.OutputWidth});");
    }

    /// <summary><c>3×3 kernel, stride 1, same padding (pad top 1, left 1)</c>.</summary>
    public static string Text(Window window, string kind) => window.WindowText + " " + kind + ", " + window.StrideAndPadding;
}
