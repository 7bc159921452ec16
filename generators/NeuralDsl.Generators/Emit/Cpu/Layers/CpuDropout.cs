using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitDropout(DropoutOp op) => new CpuDropout(op);
}

/// <summary>Inverted dropout (<c>DropoutMath</c>): a mask drawn per training pass, the identity at inference; nothing of
/// its own when the plan fused it into the Dense before it.</summary>
internal sealed class CpuDropout : CpuLayer
{
    private readonly DropoutOp _op;

    public CpuDropout(DropoutOp op) : base(op) => _op = op;

    public override string? ForwardCall(string input) => _op.FusedInto is null ? $"{ForwardMethod(_op)}({input}, rows, mode)" : null;

    public override string PassThrough => $"{_op.Description}, fused into {_op.FusedInto}'s forward.";

    public override string BackwardStatement =>
        _op.FusedInto is { } dense ? $"// {_op.Name}: fused into {dense}'s backward." : BackwardCallOrSkip($"{BackwardMethod(_op)}(rows);");

    public override void WriteMethods(CodeWriter w)
    {
        if (_op.FusedInto is { } dense)
        {
            w.Line($"// {_op.Name}: {_op.Description} on {_op.Input}, fused into {dense}'s methods.");
            return;
        }
        w.Line($"/// <summary>{_op.Name}: {_op.Description} on {_op.Input}; inverted dropout in training, identity at inference.</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({ReadOnlySpan} input, int rows, {PassModeType} mode)"))
        {
            w.Line($"const int Size = {_op.Output.Size};");
            w.Line($"const float Rate = {Literals.Float(_op.Rate)};");
            w.Line($"if (mode == {PassModeType}.Inference) return input;");
            w.Line($"var mask = {Rows(_op.Buffers.Kept!, "Size")};");
            w.Line($"if (mode == {PassModeType}.Training) {DropoutMath}.SampleMask(mask, Rate, DropoutRandom);");
            w.Line($"var output = {Rows(_op.Buffers.Output!, "Size")};");
            w.Line($"{DropoutMath}.Apply(input, mask, output);");
            w.Line($"return output;");
        }
        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        w.Line();
        w.Line($"/// <summary>{_op.Name} backward: the same mask applied to the gradient, into {inputGradient.Layer}'s gradient.</summary>");
        using (w.Block($"private void {BackwardMethod(_op)}(int rows)"))
        {
            w.Line($"const int Size = {_op.Output.Size};");
            w.Line($"{DropoutMath}.Apply({Rows(_op.Buffers.OutputGradient!, "Size")}, {Rows(_op.Buffers.Kept!, "Size")}, {Rows(inputGradient, "Size")});");
        }
    }
}
