using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitActivation(ActivationOp op) => new CpuActivation(op);
}

/// <summary>A stand-alone activation: element-wise (<c>ActivationMath</c>) or a row-wise softmax. When the plan fused it
/// with the loss, the loss gradient already lands in the gradient before it and backward has nothing to do.</summary>
internal sealed class CpuActivation : CpuLayer
{
    private readonly ActivationOp _op;

    public CpuActivation(ActivationOp op) : base(op) => _op = op;

    public override string ForwardCall(string input) => $"{ForwardMethod(_op)}({input}, rows{(_op.FoldedInto is null ? "" : ", mode")})";

    public override string BackwardStatement => _op.FusedWithLoss
        ? $"// {_op.Name}: fused with the loss, whose gradient already is dL/dz in {_op.Buffers.OutputGradient!.Layer}'s gradient."
        : BackwardCallOrSkip($"{BackwardMethod(_op)}(rows);");

    public override void WriteMethods(CodeWriter w)
    {
        bool softmax = _op.Activation == Activation.Softmax;
        w.Line($"/// <summary>{_op.Name}: {_op.Description} on {_op.Input}{(softmax ? ", row-wise" : ", element-wise")}.</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({ReadOnlySpan} input, int rows{(_op.FoldedInto is null ? "" : $", {PassModeType} mode")})"))
        {
            if (_op.FoldedInto is { } conv)
                w.Line($"if (mode == {PassModeType}.Inference) return input; // applied in {conv}'s epilogue, which wrote this layer's output");
            w.Line($"const int Size = {_op.Output.Size};");
            w.Line($"var output = {Rows(_op.Buffers.Output!, "Size")};");
            if (_op.Activation == Activation.Linear) w.Line($"input.CopyTo(output);");
            else if (softmax) w.Line($"{SoftmaxMath}.Forward(input, output, rows, Size);");
            else w.Line($"{ActivationMath}.Forward<{ActivationType(_op.Activation)}>(input, output);");
            w.Line($"return output;");
        }
        if (_op.FusedWithLoss || _op.Buffers.InputGradient is not { } inputGradient) return;
        w.Line();
        w.Line($"/// <summary>{_op.Name} backward: dL/da → dL/dz into {inputGradient.Layer}'s gradient.</summary>");
        using (w.Block($"private void {BackwardMethod(_op)}(int rows)"))
        {
            w.Line($"const int Size = {_op.Output.Size};");
            w.Line($"var gradient = {Rows(inputGradient, "Size")};");
            w.Line($"{Rows(_op.Buffers.OutputGradient!, "Size")}.CopyTo(gradient);");
            ActivationDerivative(w, _op.Activation, fusedWithLoss: false, Rows(_op.Buffers.Output!, "Size"), "gradient", "Size");
        }
    }
}
