using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitFlatten(FlattenOp op) => new CpuFlatten(op);
}

/// <summary>Flatten: a reshape of rows already laid out channels-last, so it has no method: the forward span passes on,
/// and the plan points the next layer's input gradient at the buffer before it.</summary>
internal sealed class CpuFlatten : CpuLayer
{
    public CpuFlatten(FlattenOp op) : base(op)
    {
    }

    public override string? ForwardCall(string input) => null;

    public override string PassThrough => $"{Op.Description}, {Op.Input} \u2192 {Op.Output}; a reshape, the same values pass on.";

    public override string BackwardStatement => Op.RunsBackward
        ? $"// {Op.Name}: a reshape; the gradient after it already is {Op.Buffers.OutputGradient!.Layer}'s gradient."
        : BackwardCallOrSkip("");

    public override void WriteMethods(CodeWriter w) =>
        w.Line($"// {Op.Name}: {Op.Description}, {Op.Input} \u2192 {Op.Output}; a reshape with no pass of its own.");
}
