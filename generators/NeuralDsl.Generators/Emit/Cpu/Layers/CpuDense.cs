using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitDense(DenseOp op) => new CpuDense(op);
}

/// <summary>
/// Dense: one product with the bias and activation fused into its epilogue (<c>DenseMath</c>); a softmax runs after it
/// row by row. A Dropout the plan fused into the layer applies its mask in the same methods: forward after the product,
/// backward together with the activation's derivative, in place in the Dropout's gradient.
/// </summary>
internal sealed class CpuDense : CpuWeighted
{
    private readonly DenseOp _op;

    public CpuDense(DenseOp op) : base(op) => _op = op;

    protected override string WeightsLength => "Inputs * Units";

    protected override string BiasLength => "Units";

    public override string ForwardCall(string input) =>
        $"{ForwardMethod(_op)}({input}, rows{(_op.Dropout is null ? "" : ", mode")})";

    public override void WriteMethods(CodeWriter w)
    {
        WriteForward(w);
        w.Line();
        WriteBackward(w);
    }

    private void WriteForward(CodeWriter w)
    {
        var dropout = _op.Dropout;
        string epilogue = (_op.Activation, _op.Bias is null) switch
        {
            (Activation.Linear, false) => "bias fused into the product",
            (Activation.Linear, true) => "no bias",
            (Activation.Softmax, false) => "bias fused into the product, then a row-wise softmax",
            (Activation.Softmax, true) => "no bias, then a row-wise softmax",
            (_, false) => "bias and " + ContractNames.Keras(_op.Activation) + " fused into the product",
            _ => ContractNames.Keras(_op.Activation) + " fused into the product",
        };
        if (dropout is not null) epilogue += "; then " + dropout.Name + "'s mask in training";
        w.Line($"/// <summary>{_op.Name}: {_op.Description}, {_op.Input} \u2192 {_op.Output}; {epilogue}.</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({ReadOnlySpan} input, int rows{(dropout is null ? "" : $", {PassModeType} mode")})"))
        {
            w.Line($"const int Inputs = {_op.Inputs}, Units = {_op.Units};");
            w.Line($"var output = {Rows(_op.Buffers.Output!, "Units")};");
            var fused = _op.Activation == Activation.Softmax ? Activation.Linear : _op.Activation;
            w.Line($"{DenseMath}.Forward<{ActivationType(fused)}>(input, {Weights("Parameters")}, {BiasOrEmpty("Parameters", ReadOnlySpan)}, output, rows, Inputs, Units);");
            if (_op.Activation == Activation.Softmax) w.Line($"{SoftmaxMath}.Forward(output, output, rows, Units);");
            if (dropout is null)
            {
                w.Line($"return output;");
                return;
            }
            w.Line($"// {dropout.Name}: {dropout.Description}, fused; inverted dropout in training, identity at inference.");
            w.Line($"const float Rate = {Literals.Float(dropout.Rate)};");
            w.Line($"if (mode == {PassModeType}.Inference) return output;");
            w.Line($"var mask = {Rows(dropout.Buffers.Kept!, "Units")};");
            w.Line($"if (mode == {PassModeType}.Training) {DropoutMath}.SampleMask(mask, Rate, DropoutRandom);");
            w.Line($"var dropped = {Rows(dropout.Buffers.Output!, "Units")};");
            w.Line($"{DropoutMath}.Apply(output, mask, dropped);");
            w.Line($"return dropped;");
        }
    }

    private void WriteBackward(CodeWriter w)
    {
        var dropout = _op.Dropout;
        BackwardSummary(w);
        using (w.Block($"private void {BackwardMethod(_op)}({BackwardParameters(readsInput: true)})"))
        {
            w.Line($"const int Inputs = {_op.Inputs}, Units = {_op.Units};");
            TrainingFlags(w, "Inputs");
            w.Line($"var gradient = {Rows(_op.Buffers.OutputGradient!, "Units")};");
            string output = Rows(_op.Buffers.Output!, "Units");
            if (dropout is not null)
            {
                w.Line($"// dL/dz from {dropout.Name}'s gradient through its mask and {ContractNames.Keras(_op.Activation)}'s derivative, in place.");
                w.Line($"{DropoutMath}.BackwardThrough<{ActivationType(_op.Activation)}>({output}, {Rows(dropout.Buffers.Kept!, "Units")}, gradient);");
            }
            else ActivationDerivative(w, _op.Activation, _op.FusedWithLoss, output, "gradient", "Units");
            w.Line($"{DenseMath}.Backward({InputRows(_op.Buffers.Input, "Inputs")}, gradient, {Weights("Parameters")},");
            w.Line($"    {WeightGradients}, {BiasGradients}, {InputGradientOrEmpty()}, rows, Inputs, Units);");
            RegularizationGradient(w);
        }
    }
}
