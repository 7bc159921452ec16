using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitConcatenate(ConcatenateOp op) => new CpuConcatenate(op);
}

/// <summary>Concatenate: each input's channels copied to their place in every output position (<c>ConcatenateMath</c>);
/// backward hands each input its channels of the gradient.</summary>
internal sealed class CpuConcatenate : CpuLayer
{
    private readonly ConcatenateOp _op;

    public CpuConcatenate(ConcatenateOp op) : base(op) => _op = op;

    public override string? ForwardCall(string input) => ForwardCall(new[] { input });

    public override string? ForwardCall(IReadOnlyList<string> inputs) => $"{ForwardMethod(_op)}({string.Join(", ", inputs)}, rows)";

    public override string BackwardStatement => BackwardCallOrSkip($"{BackwardMethod(_op)}(rows);");

    public override void WriteMethods(CodeWriter w)
    {
        var names = _op.Buffers.Inputs.Select((_, k) => "input" + (k + 1)).ToList();
        w.Line($"/// <summary>{_op.Name}: {_op.Description}, {string.Join(" + ", _op.Channels.Select(Literals.Int))} channels \u2192 {_op.Output}.</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({string.Join(", ", names.Select(n => ReadOnlySpan + " " + n))}, int rows)"))
        {
            w.Line($"const int Positions = {_op.Positions}, TotalChannels = {_op.TotalChannels};");
            w.Line($"var output = {Rows(_op.Buffers.Output!)};");
            for (int k = 0; k < names.Count; k++)
                w.Line($"{ConcatenateMath}.ForwardPart({names[k]}, output, rows, Positions, {_op.Channels[k]}, {_op.ChannelOffset(k)}, TotalChannels);");
            w.Line($"return output;");
        }
        if (!_op.RunsBackward || _op.Buffers.Inputs.All(input => input.Gradient is null)) return;
        w.Line();
        w.Line($"/// <summary>{_op.Name} backward: each input's channels of dL/d(output).</summary>");
        using (w.Block($"private void {BackwardMethod(_op)}(int rows)"))
        {
            w.Line($"const int Positions = {_op.Positions}, TotalChannels = {_op.TotalChannels};");
            w.Line($"var gradient = {Rows(_op.Buffers.OutputGradient!)};");
            for (int k = 0; k < _op.Buffers.Inputs.Count; k++)
                if (_op.Buffers.Inputs[k].Gradient is { } g)
                    w.Line($"{ConcatenateMath}.BackwardPart(gradient, {Rows(g)}, rows, Positions, {_op.Channels[k]}, {_op.ChannelOffset(k)}, TotalChannels);");
        }
    }
}
