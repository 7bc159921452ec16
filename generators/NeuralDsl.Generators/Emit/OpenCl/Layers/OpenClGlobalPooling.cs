using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitGlobalPooling(GlobalPoolOp op) => new OpenClGlobalPooling(op);
}

/// <summary>Global average or max pooling: one work-item per (row, channel) forward, looping over the positions; one per
/// input value backward. Max keeps the arg-max (the index in the input row) as an integer in its float slot.</summary>
internal sealed class OpenClGlobalPooling : OpenClLayer
{
    private readonly GlobalPoolOp _op;

    public OpenClGlobalPooling(GlobalPoolOp op) : base(op) => _op = op;

    public override void WriteForward(OpenClProgramBuilder program)
    {
        string name = _op.Name + "_forward", count = RowsTimes(_op.Channels);
        int positions = _op.Positions, channels = _op.Channels;
        int kernel = EachKernel(program, name, $"{_op.Name}: {_op.Description} {_op.Input} -> {_op.Output}, one work-item per (row, channel).", count, body =>
        {
            body.Line($"const int r = e / {Literals.Int(channels)}, c = e % {Literals.Int(channels)};");
            body.Line($"__global const float* x = {Slot(_op.Buffers.Input)} + (size_t)r * {Literals.Int(_op.Input.Size)} + c;");
            if (_op.IsMax)
            {
                body.Line($"int at = 0;");
                body.Line($"float best = x[0];");
                body.Line($"for (int position = 1; position < {Literals.Int(positions)}; position++) {{ const float v = x[position * {Literals.Int(channels)}]; if (v > best || (isnan(v) && !isnan(best))) {{ best = v; at = position; }} }}");
                body.Line($"{Slot(_op.Buffers.Output)}[e] = best;");
                body.Line($"{Slot(_op.Buffers.Kept)}[e] = as_float(at * {Literals.Int(channels)} + c);");
            }
            else
            {
                body.Line($"float sum = 0.0f;");
                body.Line($"for (int position = 0; position < {Literals.Int(positions)}; position++) sum += x[position * {Literals.Int(channels)}];");
                body.Line($"{Slot(_op.Buffers.Output)}[e] = sum * (1.0f / {Literals.Int(positions)});");
            }
        });
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        string name = _op.Name + "_backward", count = RowsTimes(_op.Input.Size), gradient = Slot(_op.Buffers.OutputGradient);
        int channels = _op.Channels;
        int kernel = EachKernel(program, name, $"{_op.Name} backward: " + (_op.IsMax ? "each channel's gradient to its arg-max." : "each channel's gradient shared by its positions."), count, body =>
        {
            body.Line($"const int r = e / {Literals.Int(_op.Input.Size)}, rest = e % {Literals.Int(_op.Input.Size)}, c = rest % {Literals.Int(channels)};");
            body.Line($"const size_t o = (size_t)r * {Literals.Int(channels)} + c;");
            body.Line($"{(_op.IsMax
                ? $"{Slot(inputGradient)}[e] = as_int({Slot(_op.Buffers.Kept)}[o]) == rest ? {gradient}[o] : 0.0f;"
                : $"{Slot(inputGradient)}[e] = {gradient}[o] * (1.0f / {Literals.Int(_op.Positions)});")}");
        });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Name + " input gradient"));
    }
}
