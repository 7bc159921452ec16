using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitDropout(DropoutOp op) => new OpenClDropout(op);
}

/// <summary>Inverted dropout, one work-item per value; its mask comes from a counter-based hash of (seed, layer, index),
/// so it does not depend on scheduling. Nothing of its own when the plan fused it into the Dense before it, whose
/// kernels then apply <see cref="MaskLines"/>.</summary>
internal sealed class OpenClDropout : OpenClLayer
{
    private readonly DropoutOp _op;

    public OpenClDropout(DropoutOp op) : base(op) => _op = op;

    /// <summary>Statements applying <paramref name="dropout"/> to <paramref name="value"/> at flat index
    /// <paramref name="at"/>: draw (or reuse) the mask value, write the output.</summary>
    public static IEnumerable<string> MaskLines(OpenClProgramBuilder program, DropoutOp dropout, string value, string at)
    {
        string mask = Slot(dropout.Buffers.Kept);
        yield return $"// {dropout.Name}: {dropout.Description}; inverted dropout in training, identity at inference.";
        yield return "float keep = 1.0f;";
        yield return $"if (mode == MODE_TRAINING) {{ keep = {program.Prelude.Uniform()}(seed, {Literals.Int(program.IndexOf(dropout))}u, (uint){at}) < " +
            $"{Literals.OpenClFloat(dropout.Rate)} ? 0.0f : {Literals.OpenClFloat(1f / (1f - (float)dropout.Rate))}; {mask}[{at}] = keep; }}";
        yield return $"else if (mode == MODE_FROZEN_MASKS) keep = {mask}[{at}];";
        yield return $"{Slot(dropout.Buffers.Output)}[{at}] = {value} * keep;";
    }

    public override void WriteForward(OpenClProgramBuilder program)
    {
        if (_op.FusedInto is not null) return;
        string name = _op.Name + "_forward";
        int kernel = EachKernel(program, name, $"{_op.Name}: {_op.Description} on {_op.Input}, one work-item per value.", RowsTimes(_op.Output.Size), body =>
        {
            foreach (var line in MaskLines(program, _op, $"{Slot(_op.Buffers.Input)}[e]", "e")) body.Line($"{line}");
        });
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, RowsTimes(_op.Output.Size), 0, _op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        if (_op.FusedInto is not null || _op.Buffers.InputGradient is not { } inputGradient) return;
        string name = _op.Name + "_backward";
        int kernel = EachKernel(program, name, $"{_op.Name} backward: the same mask applied to the gradient.", RowsTimes(_op.Output.Size), body =>
            body.Line($"{Slot(inputGradient)}[e] = {Slot(_op.Buffers.OutputGradient)}[e] * {Slot(_op.Buffers.Kept)}[e];"));
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, RowsTimes(_op.Output.Size), 0, _op.Name + " input gradient"));
    }
}
