using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitGlobalPooling(GlobalPoolOp op) => new CpuGlobalPooling(op);
}

/// <summary>Global average or max pooling per channel (<c>GlobalPoolingMath</c>); max keeps each channel's arg-max.</summary>
internal sealed class CpuGlobalPooling : CpuLayer
{
    private readonly GlobalPoolOp _op;

    public CpuGlobalPooling(GlobalPoolOp op) : base(op) => _op = op;

    public override string ForwardCall(string input) => $"{ForwardMethod(_op)}({input}, rows)";

    public override string BackwardStatement => BackwardCallOrSkip($"{BackwardMethod(_op)}(rows);");

    public override void WriteMethods(CodeWriter w)
    {
        string what = _op.IsMax ? "the maximum of each channel, its arg-max kept for backward" : "the mean of each channel";
        w.Line($"/// <summary>{_op.Name}: {_op.Description}, {_op.Input} \u2192 {_op.Output}; {what}.</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({ReadOnlySpan} input, int rows)"))
        {
            w.Line($"const int Positions = {_op.Positions}, Channels = {_op.Channels};");
            w.Line($"var output = {Rows(_op.Buffers.Output!)};");
            w.Line($"{(_op.IsMax
                ? $"{GlobalPoolingMath}.MaxForward(input, output, {Rows(_op.Buffers.Kept!)}, rows, Positions, Channels);"
                : $"{GlobalPoolingMath}.AverageForward(input, output, rows, Positions, Channels);")}");
            w.Line($"return output;");
        }
        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        w.Line();
        w.Line($"/// <summary>{_op.Name} backward: {(_op.IsMax ? "each channel's gradient routed to its arg-max" : "each channel's gradient spread evenly over the positions")}.</summary>");
        using (w.Block($"private void {BackwardMethod(_op)}(int rows)"))
        {
            w.Line($"const int Positions = {_op.Positions}, Channels = {_op.Channels};");
            w.Line($"{(_op.IsMax
                ? $"{GlobalPoolingMath}.MaxBackward({Rows(_op.Buffers.OutputGradient!)}, {Rows(_op.Buffers.Kept!)}, {Rows(inputGradient)}, rows, Positions, Channels);"
                : $"{GlobalPoolingMath}.AverageBackward({Rows(_op.Buffers.OutputGradient!)}, {Rows(inputGradient)}, rows, Positions, Channels);")}");
        }
    }
}
