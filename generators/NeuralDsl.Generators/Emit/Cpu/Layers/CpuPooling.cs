using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitPooling(PoolOp op) => new CpuPooling(op);
}

/// <summary>Max or average pooling per channel (<c>PoolingMath</c>); max pooling keeps each window's arg-max in the
/// plan's arg-max buffer and routes the gradient back through it. A max pooling that alone reads a Conv2D runs in that
/// layer's methods, forward and backward (<see cref="CpuConv2D"/>).</summary>
internal sealed class CpuPooling : CpuLayer
{
    private readonly PoolOp _op;

    public CpuPooling(PoolOp op) : base(op) => _op = op;

    public override string? ForwardCall(string input) =>
        _op.ComputedBy is not null ? null : _op.IsMax ? $"{ForwardMethod(_op)}({input}, rows, mode)" : $"{ForwardMethod(_op)}({input}, rows)";

    public override string PassThrough => $"{_op.Description}, {_op.Input} \u2192 {_op.Output}; computed in {_op.ComputedBy}'s forward pass, which returned its output.";

    public override string BackwardStatement => _op.ComputedBy is { } conv
        ? $"// {_op.Name}: its backward pass runs in {conv}'s, a block of images at a time."
        : BackwardCallOrSkip($"{BackwardMethod(_op)}(rows);");

    public override void WriteStatics(CodeWriter w) => CpuWindow.WriteField(w, _op, _op.Window, "pool", _op.Window.InputChannels);

    public override void WriteMethods(CodeWriter w)
    {
        if (_op.ComputedBy is { } conv)
        {
            w.Line($"// {_op.Name}: {_op.Description}, {_op.Input} \u2192 {_op.Output}; runs in {conv}'s forward and backward passes, a block of images at a time.");
            return;
        }
        WriteForward(w);
        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        w.Line();
        WriteBackward(w, inputGradient);
    }

    private void WriteForward(CodeWriter w)
    {
        w.Line($"/// <summary>{_op.Name}: {_op.Description}, {_op.Input} \u2192 {_op.Output}, {CpuWindow.Text(_op.Window, "pool")}" +
            $"{(_op.IsMax ? "; a training pass keeps each window's arg-max for backward." : "; the mean of each window, padding excluded.")}</summary>");
        string mode = _op.IsMax ? $", {PassModeType} mode" : "";
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({ReadOnlySpan} input, int rows{mode})"))
        {
            w.Line($"var output = {Rows(_op.Buffers.Output!)};");
            if (_op.IsMax)
            {
                w.Line($"if (mode == {PassModeType}.Inference) {PoolingMath}.MaxForward(input, output, rows, in {WindowField(_op)}); // nothing runs backward: no arg-max");
                w.Line($"else {PoolingMath}.MaxForward(input, output, {Rows(_op.Buffers.Kept!)}, rows, in {WindowField(_op)});");
            }
            else
                w.Line($"{PoolingMath}.AverageForward(input, output, rows, in {WindowField(_op)});");
            w.Line($"return output;");
        }
    }

    private void WriteBackward(CodeWriter w, BufferPlan inputGradient)
    {
        w.Line($"/// <summary>{_op.Name} backward: {(_op.IsMax ? "each gradient routed to its window's arg-max" : "each gradient spread evenly over its window")} in {inputGradient.Layer}'s gradient.</summary>");
        using (w.Block($"private void {BackwardMethod(_op)}(int rows)"))
        {
            if (_op.IsMax)
                w.Line($"{PoolingMath}.MaxBackward({Rows(_op.Buffers.OutputGradient!)}, {Rows(_op.Buffers.Kept!)}, {Rows(inputGradient)}, rows, in {WindowField(_op)});");
            else
                w.Line($"{PoolingMath}.AverageBackward({Rows(_op.Buffers.OutputGradient!)}, {Rows(inputGradient)}, rows, in {WindowField(_op)});");
        }
    }
}
