using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitActivation(ActivationOp op) => new OpenClActivation(op);
}

/// <summary>A stand-alone activation: one work-item per value, or per vector for softmax. Fused with the loss, it has
/// no backward kernel: the loss gradient is written into the slot before it.</summary>
internal sealed class OpenClActivation : OpenClLayer
{
    private readonly ActivationOp _op;

    public OpenClActivation(ActivationOp op) : base(op) => _op = op;

    private bool Softmax => _op.Activation == Activation.Softmax;

    /// <summary>Softmax runs per vector of the last dimension, the others per value.</summary>
    private string Count => Softmax ? RowsTimes(_op.Output.Size / Width) : RowsTimes(_op.Output.Size);

    private int Width => _op.Output.Dims[_op.Output.Rank - 1];

    public override void WriteForward(OpenClProgramBuilder program)
    {
        string name = _op.Name + "_forward", input = Slot(_op.Buffers.Input), output = Slot(_op.Buffers.Output);
        int kernel = EachKernel(program, name, $"{_op.Name}: {_op.Description} on {_op.Input}.", Count, body =>
        {
            if (Softmax)
                body.Line($"{program.Prelude.Softmax()}({input} + (size_t)e * {Width}, {output} + (size_t)e * {Width}, {Width});");
            else
                body.Line($"{output}[e] = {(_op.Activation == Activation.Linear ? $"{input}[e]" : $"{program.Prelude.Activate(_op.Activation)}({input}[e])")};");
        });
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, Count, 0, _op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        if (_op.FusedWithLoss || _op.Buffers.InputGradient is not { } inputGradient) return;
        string name = _op.Name + "_backward", gradient = Slot(_op.Buffers.OutputGradient), output = Slot(_op.Buffers.Output);
        int kernel = EachKernel(program, name, $"{_op.Name} backward: dL/d(input) through {Casing.SnakeCase(_op.Activation.ToString())}.", Count, body =>
        {
            if (Softmax)
            {
                body.Line($"const size_t at = (size_t)e * {Width};");
                body.Line($"{program.Prelude.SoftmaxBackward()}({output} + at, {gradient} + at, {Slot(inputGradient)} + at, {Width});");
            }
            else
                body.Line($"{Slot(inputGradient)}[e] = {gradient}[e]{(_op.Activation == Activation.Linear ? "" : $" * {program.Prelude.Derive(_op.Activation)}({output}[e])")};");
        });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, Count, 0, _op.Name + " input gradient"));
    }
}
