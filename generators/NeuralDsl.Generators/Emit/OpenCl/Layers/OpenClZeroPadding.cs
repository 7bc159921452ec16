using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitZeroPadding(ZeroPaddingOp op) => new OpenClZeroPadding(op);
}

/// <summary>ZeroPadding2D: one work-item per output value forward (zero outside the image), one per input value backward.</summary>
internal sealed class OpenClZeroPadding : OpenClLayer
{
    private readonly ZeroPaddingOp _op;

    public OpenClZeroPadding(ZeroPaddingOp op) : base(op) => _op = op;

    public override void WriteForward(OpenClProgramBuilder program)
    {
        string name = _op.Name + "_forward", count = RowsTimes(_op.Output.Size);
        int h = _op.Input.Dims[0], w = _op.Input.Dims[1], c = _op.Input.Dims[2], outWidth = _op.Output.Dims[1];
        int kernel = EachKernel(program, name, $"{_op.Name}: {_op.Description} {_op.Input} -> {_op.Output}, one work-item per output value.", count, body =>
        {
            body.Line($"const int r = e / {Literals.Int(_op.Output.Size)}, rest = e % {Literals.Int(_op.Output.Size)}, c = rest % {Literals.Int(c)}, cell = rest / {Literals.Int(c)};");
            body.Line($"const int y = cell / {Literals.Int(outWidth)}{OpenClWindow.Offset(-_op.Top)}, x = cell % {Literals.Int(outWidth)}{OpenClWindow.Offset(-_op.Left)};");
            body.Line($"{Slot(_op.Buffers.Output)}[e] = y < 0 || y >= {Literals.Int(h)} || x < 0 || x >= {Literals.Int(w)} ? 0.0f");
            body.Line($"    : {Slot(_op.Buffers.Input)}[(size_t)r * {Literals.Int(_op.Input.Size)} + (y * {Literals.Int(w)} + x) * {Literals.Int(c)} + c];");
        });
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        string name = _op.Name + "_backward", count = RowsTimes(_op.Input.Size);
        int w = _op.Input.Dims[1], c = _op.Input.Dims[2], outWidth = _op.Output.Dims[1];
        int kernel = EachKernel(program, name, $"{_op.Name} backward: the gradient inside the border, one work-item per input value.", count, body =>
        {
            body.Line($"const int r = e / {Literals.Int(_op.Input.Size)}, rest = e % {Literals.Int(_op.Input.Size)}, c = rest % {Literals.Int(c)}, cell = rest / {Literals.Int(c)};");
            body.Line($"const int y = cell / {Literals.Int(w)}{OpenClWindow.Offset(_op.Top)}, x = cell % {Literals.Int(w)}{OpenClWindow.Offset(_op.Left)};");
            body.Line($"{Slot(inputGradient)}[e] = {Slot(_op.Buffers.OutputGradient)}[(size_t)r * {Literals.Int(_op.Output.Size)} + (y * {Literals.Int(outWidth)} + x) * {Literals.Int(c)} + c];");
        });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Name + " input gradient"));
    }
}
