using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;

namespace NeuralDsl.Generators.Emit.Cpu;

/// <summary>One forward and one backward method per layer, each with its sizes as local constants.</summary>
internal static class CpuLayerEmitter
{
    public static string ForwardCall(OpPlan op, string input) =>
        op.Stem + "Forward(" + input + ", rows" + (op is DropoutOp ? ", training" : "") + ")";

    /// <summary>The first layer's backward reads the model input <c>x</c>; later ones read the output
    /// the layer before them kept from the training forward pass.</summary>
    public static string BackwardCall(ModelPlan plan, int index) =>
        plan.Ops[index].Stem + "Backward(" + (index == 0 ? "x, " : "") + "rows)";

    public static void ForwardMethod(CodeWriter w, ModelPlan plan, OpPlan op)
    {
        switch (op)
        {
            case DenseOp dense: DenseForward(w, dense); break;
            case DropoutOp dropout: DropoutForward(w, dropout); break;
            case ActivationOp activation: ActivationForward(w, activation); break;
        }
    }

    public static void BackwardMethod(CodeWriter w, ModelPlan plan, int index)
    {
        var op = plan.Ops[index];
        var previous = index > 0 ? plan.Ops[index - 1] : null;
        switch (op)
        {
            case DenseOp dense: DenseBackward(w, dense, previous); break;
            case DropoutOp dropout: DropoutBackward(w, dropout, previous!); break;
            case ActivationOp activation: ActivationBackward(w, activation, previous!); break;
        }
    }

    private static void DenseForward(CodeWriter w, DenseOp op)
    {
        string epilogue = op.Activation switch
        {
            ActivationKind.Linear => "bias fused into the product",
            ActivationKind.Softmax => "bias fused into the product, then a row-wise softmax",
            _ => "bias and " + ContractNames.Keras(op.Activation) + " fused into the product",
        };
        if (op.Bias is null) epilogue = epilogue.Replace("bias and ", "").Replace("bias fused into the product", "no bias");
        w.Line("/// <summary>" + op.Name + ": " + op.Description + ", " + op.Input + " \u2192 " + op.Output + "; " + epilogue + ".</summary>");
        w.Open("private " + ReadOnlySpan + " " + op.Stem + "Forward(" + ReadOnlySpan + " input, int rows)");
        w.Line("const int Inputs = " + Literals.Int(op.Inputs) + ", Units = " + Literals.Int(op.Units) + ";");
        w.Line("var output = " + OutputField(op) + ".AsSpan(0, rows * Units);");
        var fused = op.Activation == ActivationKind.Softmax ? ActivationKind.Linear : op.Activation;
        w.Line(DenseKernels + ".Forward<" + ActivationType(fused) + ">(input, " + Kernel(op) + ", " + BiasOrEmpty(op, "Parameters", ReadOnlySpan) + ", output, rows, Inputs, Units);");
        if (op.Activation == ActivationKind.Softmax) w.Line(SoftmaxKernels + ".Forward(output, output, rows, Units);");
        w.Line("return output;");
        w.Close();
    }

    private static void DropoutForward(CodeWriter w, DropoutOp op)
    {
        w.Line("/// <summary>" + op.Name + ": " + op.Description + " on " + op.Input + "; inverted dropout in training, identity at inference.</summary>");
        w.Open("private " + ReadOnlySpan + " " + op.Stem + "Forward(" + ReadOnlySpan + " input, int rows, bool training)");
        w.Line("const int Size = " + Literals.Int(op.Output.Size) + ";");
        w.Line("const float Rate = " + Literals.Float(op.Rate) + ";");
        w.Line("if (!training) return input;");
        w.Line("var mask = " + MaskField(op) + ".AsSpan(0, rows * Size);");
        w.Line("if (!FreezeDropoutMasks) " + DropoutKernels + ".SampleMask(mask, Rate, DropoutRandom);");
        w.Line("var output = " + OutputField(op) + ".AsSpan(0, rows * Size);");
        w.Line(DropoutKernels + ".Apply(input, mask, output);");
        w.Line("return output;");
        w.Close();
    }

    private static void ActivationForward(CodeWriter w, ActivationOp op)
    {
        w.Line("/// <summary>" + op.Name + ": " + op.Description + " on " + op.Input + (op.Activation == ActivationKind.Softmax ? ", row-wise" : ", element-wise") + ".</summary>");
        w.Open("private " + ReadOnlySpan + " " + op.Stem + "Forward(" + ReadOnlySpan + " input, int rows)");
        w.Line("const int Size = " + Literals.Int(op.Output.Size) + ";");
        w.Line("var output = " + OutputField(op) + ".AsSpan(0, rows * Size);");
        switch (op.Activation)
        {
            case ActivationKind.Linear: w.Line("input.CopyTo(output);"); break;
            case ActivationKind.Softmax: w.Line(SoftmaxKernels + ".Forward(input, output, rows, Size);"); break;
            default: w.Line(ActivationKernels + ".Forward<" + ActivationType(op.Activation) + ">(input, output);"); break;
        }
        w.Line("return output;");
        w.Close();
    }

    private static void DenseBackward(CodeWriter w, DenseOp op, OpPlan? previous)
    {
        string inputGradient = op.NeedsInputGradient
            ? "dL/d(input) into " + previous!.Name + "'s gradient"
            : previous is null
                ? "no input gradient (first layer)"
                : "no input gradient (no layer before it has parameters)";
        w.Line("/// <summary>" + op.Name + " backward: kernel" + (op.Bias is null ? "" : " and bias") + " gradients, " + inputGradient + ".</summary>");
        w.Open("private void " + op.Stem + "Backward(" + (previous is null ? ReadOnlySpan + " x, " : "") + "int rows)");
        w.Line("const int Inputs = " + Literals.Int(op.Inputs) + ", Units = " + Literals.Int(op.Units) + ";");
        w.Line("var gradient = " + GradientField(op) + ".AsSpan(0, rows * Units);");
        ActivationDerivative(w, op.Activation, op.FusedWithLoss, OutputField(op) + ".AsSpan(0, rows * Units)", "gradient", "Units");
        string input = previous is null ? "x" : OutputField(previous) + ".AsSpan(0, rows * Inputs)";
        string previousGradient = op.NeedsInputGradient ? GradientField(previous!) + ".AsSpan(0, rows * Inputs)" : Span + ".Empty";
        w.Line(DenseKernels + ".Backward(" + input + ", gradient, " + Kernel(op) + ",");
        w.Line("    GradientBuffer.Slice(" + op.Kernel.OffsetConstant + ", Inputs * Units), " + BiasOrEmpty(op, "GradientBuffer", Span) + ", " + previousGradient + ", rows, Inputs, Units);");
        if (op.Regularization is { } r)
            w.Line(RegularizationKernels + ".AddGradient(" + Kernel(op) + ", GradientBuffer.Slice(" + op.Kernel.OffsetConstant + ", Inputs * Units), " +
                Literals.Float(r.L1) + ", " + Literals.Float(r.L2) + ");");
        w.Close();
    }

    private static void DropoutBackward(CodeWriter w, DropoutOp op, OpPlan previous)
    {
        w.Line("/// <summary>" + op.Name + " backward: the same mask applied to the gradient, into " + previous.Name + "'s gradient.</summary>");
        w.Open("private void " + op.Stem + "Backward(int rows)");
        w.Line("const int Size = " + Literals.Int(op.Output.Size) + ";");
        w.Line(DropoutKernels + ".Apply(" + GradientField(op) + ".AsSpan(0, rows * Size), " + MaskField(op) + ".AsSpan(0, rows * Size), " +
            GradientField(previous) + ".AsSpan(0, rows * Size));");
        w.Close();
    }

    private static void ActivationBackward(CodeWriter w, ActivationOp op, OpPlan previous)
    {
        w.Line("/// <summary>" + op.Name + " backward: dL/da → dL/dz into " + previous.Name + "'s gradient.</summary>");
        w.Open("private void " + op.Stem + "Backward(int rows)");
        w.Line("const int Size = " + Literals.Int(op.Output.Size) + ";");
        w.Line("var gradient = " + GradientField(previous) + ".AsSpan(0, rows * Size);");
        w.Line(GradientField(op) + ".AsSpan(0, rows * Size).CopyTo(gradient);");
        ActivationDerivative(w, op.Activation, op.FusedWithLoss, OutputField(op) + ".AsSpan(0, rows * Size)", "gradient", "Size");
        w.Close();
    }

    /// <summary>dL/da → dL/dz in place, computed from the layer's output; nothing for linear, nothing
    /// when the loss gradient already is dL/dz.</summary>
    private static void ActivationDerivative(CodeWriter w, ActivationKind activation, bool fused, string output, string gradient, string columns)
    {
        if (fused)
            w.Line("// " + ContractNames.Keras(activation) + "'s derivative is fused into the loss gradient, which already is dL/dz.");
        else if (activation == ActivationKind.Softmax)
            w.Line(SoftmaxKernels + ".Backward(" + output + ", " + gradient + ", rows, " + columns + ");");
        else if (activation != ActivationKind.Linear)
            w.Line(ActivationKernels + ".Backward<" + ActivationType(activation) + ">(" + output + ", " + gradient + ");");
    }

    private static string Kernel(DenseOp op) => "Parameters.Slice(" + op.Kernel.OffsetConstant + ", Inputs * Units)";

    private static string BiasOrEmpty(DenseOp op, string buffer, string emptyType) =>
        op.Bias is { } bias ? buffer + ".Slice(" + bias.OffsetConstant + ", Units)" : emptyType + ".Empty";
}
