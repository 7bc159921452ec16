using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitConv2D(ConvOp op) => new CpuConv2D(op);
}

/// <summary>Conv2D as im2col + one product with the bias and activation fused into its epilogue (<c>Conv2DMath</c>),
/// its window geometry a static <c>Window2D</c> and its im2col columns scratch of this backend.</summary>
internal sealed class CpuConv2D : CpuWeighted
{
    private readonly ConvOp _op;

    public CpuConv2D(ConvOp op) : base(op) => _op = op;

    protected override string WeightsLength => "KernelLength";

    protected override string BiasLength => "Filters";

    private string Columns => "_" + Casing.CamelCase(_op.MemberName) + "Columns";

    public override string ForwardCall(string input) => $"{ForwardMethod(_op)}({input}, rows)";

    public override IEnumerable<(string Type, string Field, string Length)> Scratch
    {
        get { yield return ("float", Columns, $"{Conv2DMath}.ColumnsLength(in {WindowField(_op)}, rows)"); }
    }

    public override void WriteStatics(CodeWriter w) => CpuWindow.WriteField(w, _op, _op.Window, "kernel", _op.Filters);

    public override void WriteMethods(CodeWriter w)
    {
        string epilogue = _op.Activation == Activation.Linear
            ? (_op.Bias is null ? "no bias" : "bias fused into the kernel")
            : (_op.Bias is null ? "" : "bias and ") + ContractNames.Keras(_op.Activation) + " fused into the kernel";
        w.Line($"/// <summary>{_op.Name}: {_op.Description}, {_op.Input} \u2192 {_op.Output}, {CpuWindow.Text(_op.Window, "kernel")}; {epilogue}.</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({ReadOnlySpan} input, int rows)"))
        {
            Constants(w);
            w.Line($"var output = {Rows(_op.Buffers.Output!)};");
            w.Line($"var columns = {ColumnsRows};");
            w.Line($"{Conv2DMath}.Forward<{ActivationType(_op.Activation)}>(input, {Weights("Parameters")}, {BiasOrEmpty("Parameters", ReadOnlySpan)}, output, columns, rows, in {WindowField(_op)}, Filters);");
            w.Line($"return output;");
        }
        w.Line();
        BackwardSummary(w);
        using (w.Block($"private void {BackwardMethod(_op)}({BackwardParameters(readsInput: true)})"))
        {
            Constants(w);
            TrainingFlags(w);
            w.Line($"var gradient = {Rows(_op.Buffers.OutputGradient!)};");
            ActivationDerivative(w, _op.Activation, _op.FusedWithLoss, Rows(_op.Buffers.Output!), "gradient", "Filters");
            w.Line($"var columns = {ColumnsRows};");
            w.Line($"{Conv2DMath}.Backward({InputRows(_op.Buffers.Input)}, gradient, {Weights("Parameters")},");
            w.Line($"    {WeightGradients}, {BiasGradients}, {InputGradientOrEmpty()}, columns, rows, in {WindowField(_op)}, Filters);");
            RegularizationGradient(w);
        }
    }

    /// <summary>Filters and the kernel's length as a product of its shape [kernelHeight, kernelWidth, inputChannels, filters].</summary>
    private void Constants(CodeWriter w) => w.Line($"const int Filters = {_op.Filters}, KernelLength = {_op.Weights.LengthProduct};");

    private string ColumnsRows => $"{Columns}.AsSpan(0, {Conv2DMath}.ColumnsLength(in {WindowField(_op)}, rows))";
}
