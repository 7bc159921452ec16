using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitZeroPadding(ZeroPaddingOp op) => new CpuZeroPadding(op);
}

/// <summary>ZeroPadding2D (<c>ZeroPaddingMath</c>): the image copied inside a border of zeros; backward crops the gradient.</summary>
internal sealed class CpuZeroPadding : CpuLayer
{
    private readonly ZeroPaddingOp _op;

    public CpuZeroPadding(ZeroPaddingOp op) : base(op) => _op = op;

    public override string ForwardCall(string input) => $"{ForwardMethod(_op)}({input}, rows)";

    public override string BackwardStatement => BackwardCallOrSkip($"{BackwardMethod(_op)}(rows);");

    private string Geometry => $"rows, {_op.Input.Dims[0]}, {_op.Input.Dims[1]}, {_op.Input.Dims[2]}, {_op.Top}, {_op.Bottom}, {_op.Left}, {_op.Right}";

    public override void WriteMethods(CodeWriter w)
    {
        w.Line($"/// <summary>{_op.Name}: {_op.Description}, {_op.Input} \u2192 {_op.Output}; zeros above, below, left and right ({_op.Top}, {_op.Bottom}, {_op.Left}, {_op.Right}).</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({ReadOnlySpan} input, int rows)"))
        {
            w.Line($"var output = {Rows(_op.Buffers.Output!)};");
            w.Line($"{ZeroPaddingMath}.Forward(input, output, {Geometry});");
            w.Line($"return output;");
        }
        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        w.Line();
        w.Line($"/// <summary>{_op.Name} backward: the gradient inside the border.</summary>");
        using (w.Block($"private void {BackwardMethod(_op)}(int rows)"))
            w.Line($"{ZeroPaddingMath}.Backward({Rows(_op.Buffers.OutputGradient!)}, {Rows(inputGradient)}, {Geometry});");
    }
}
