using System.Linq;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitAdd(AddOp op) => new OpenClAdd(op);
}

/// <summary>Add: one work-item per value, forward summing the inputs, backward copying the gradient to each input's.</summary>
internal sealed class OpenClAdd : OpenClLayer
{
    public OpenClAdd(AddOp op) : base(op)
    {
    }

    private string Count => RowsTimes(Op.Output.Size);

    public override void WriteForward(OpenClProgramBuilder program)
    {
        string name = Op.Name + "_forward";
        int kernel = EachKernel(program, name, $"{Op.Name}: {Op.Description}, the sum of {Op.Buffers.Inputs.Count} inputs of {Op.Output}, one work-item per value.", Count,
            body => body.Line($"{Slot(Op.Buffers.Output)}[e] = {string.Join(" + ", Op.Buffers.Inputs.Select(input => Slot(input.Buffer) + "[e]"))};"));
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, Count, 0, Op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        var gradients = Op.Buffers.Inputs.Where(input => input.Gradient is not null).Select(input => input.Gradient!).ToList();
        if (gradients.Count == 0) return;
        string name = Op.Name + "_backward";
        int kernel = EachKernel(program, name, $"{Op.Name} backward: dL/d(each input) is dL/d(output).", Count, body =>
        {
            body.Line($"const float gradient = {Slot(Op.Buffers.OutputGradient)}[e];");
            foreach (var g in gradients) body.Line($"{Slot(g)}[e] = gradient;");
        });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, Count, 0, Op.Name + " input gradients"));
    }
}
