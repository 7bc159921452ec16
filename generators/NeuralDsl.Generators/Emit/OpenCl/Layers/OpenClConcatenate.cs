using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitConcatenate(ConcatenateOp op) => new OpenClConcatenate(op);
}

/// <summary>Concatenate: one work-item per output value, which finds the input that owns its channel; backward is the
/// same walk, each input value receiving exactly one gradient.</summary>
internal sealed class OpenClConcatenate : OpenClLayer
{
    private readonly ConcatenateOp _op;

    public OpenClConcatenate(ConcatenateOp op) : base(op) => _op = op;

    private string Count => RowsTimes(_op.Output.Size);

    /// <summary>The position of output value e, then one branch per input with the index of the same value in it.</summary>
    private void Walk(CodeWriter body, System.Func<int, string, string?> statement)
    {
        int total = _op.TotalChannels;
        body.Line($"const int r = e / {Literals.Int(_op.Output.Size)}, rest = e % {Literals.Int(_op.Output.Size)}, position = rest / {Literals.Int(total)}, c = rest % {Literals.Int(total)};");
        for (int k = 0; k < _op.Channels.Count; k++)
        {
            int channels = _op.Channels[k], offset = _op.ChannelOffset(k);
            string at = $"(size_t)r * {Literals.Int(_op.Positions * channels)} + position * {Literals.Int(channels)} + c{OpenClWindow.Offset(-offset)}";
            if (statement(k, at) is not { } line) continue;
            string test = k == _op.Channels.Count - 1 ? "else" : (k == 0 ? "if" : "else if") + $" (c < {Literals.Int(offset + channels)})";
            body.Line($"{test} {line}");
        }
    }

    public override void WriteForward(OpenClProgramBuilder program)
    {
        string name = _op.Name + "_forward", output = Slot(_op.Buffers.Output);
        int kernel = EachKernel(program, name, $"{_op.Name}: {_op.Description}, {string.Join(" + ", _op.Channels)} channels -> {_op.Output}, one work-item per output value.", Count,
            body => Walk(body, (k, at) => $"{output}[e] = {Slot(_op.Buffers.Inputs[k].Buffer)}[{at}];"));
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, Count, 0, _op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        if (!_op.NeedsInputGradient) return;
        string name = _op.Name + "_backward", gradient = Slot(_op.Buffers.OutputGradient);
        int kernel = EachKernel(program, name, $"{_op.Name} backward: each input's channels of dL/d(output).", Count,
            body => Walk(body, (k, at) => _op.Buffers.Inputs[k].Gradient is { } g ? $"{Slot(g)}[{at}] = {gradient}[e];" : "{ } // an input that needs no gradient"));
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, Count, 0, _op.Name + " input gradients"));
    }
}
