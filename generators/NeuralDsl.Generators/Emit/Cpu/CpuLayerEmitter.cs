using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;

namespace NeuralDsl.Generators.Emit.Cpu;

/// <summary>One forward and one backward method per layer, each with its sizes as local constants.</summary>
internal static class CpuLayerEmitter
{
    public static string ForwardCall(OpPlan op, string input) =>
        op is FlattenOp
            ? op.Stem + "Forward(" + input + ")"
            : op.Stem + "Forward(" + input + ", rows" + (op is DropoutOp ? ", training" : "") + ")";

    /// <summary>A layer that reads its input in backward (Dense, Conv2D) takes the model input <c>x</c> when
    /// nothing but Flatten stands before it; later ones read the output the pass before them kept from the
    /// training forward pass.</summary>
    public static string BackwardCall(ModelPlan plan, int index) =>
        plan.Ops[index].Stem + "Backward(" + (ReadsModelInput(plan, index) ? "x, " : "") + "rows)";

    private static bool ReadsModelInput(ModelPlan plan, int index) =>
        plan.Ops[index] is WeightedOp && InputOwner(plan, index) is null;

    /// <summary>The pass whose buffers hold the output of op <paramref name="index"/>: the op itself, or for
    /// Flatten (a reshape without buffers) the pass before it; null when that is the model input <c>x</c>.</summary>
    public static OpPlan? Owner(ModelPlan plan, int index)
    {
        while (index >= 0 && plan.Ops[index] is FlattenOp) index--;
        return index < 0 ? null : plan.Ops[index];
    }

    /// <summary>The pass whose buffers hold the input of op <paramref name="index"/> (null: <c>x</c>).</summary>
    public static OpPlan? InputOwner(ModelPlan plan, int index) => Owner(plan, index - 1);

    public static void ForwardMethod(CodeWriter w, ModelPlan plan, OpPlan op)
    {
        switch (op)
        {
            case DenseOp dense: DenseForward(w, dense); break;
            case ConvOp conv: ConvForward(w, conv); break;
            case PoolOp pool: PoolForward(w, pool); break;
            case FlattenOp flatten: FlattenForward(w, flatten); break;
            case DropoutOp dropout: DropoutForward(w, dropout); break;
            case ActivationOp activation: ActivationForward(w, activation); break;
        }
    }

    public static void BackwardMethod(CodeWriter w, ModelPlan plan, int index)
    {
        var op = plan.Ops[index];
        var previous = InputOwner(plan, index);
        switch (op)
        {
            case DenseOp dense: DenseBackward(w, dense, previous); break;
            case ConvOp conv: ConvBackward(w, conv, previous); break;
            case PoolOp pool: PoolBackward(w, pool, previous!); break;
            case DropoutOp dropout: DropoutBackward(w, dropout, previous!); break;
            case ActivationOp activation: ActivationBackward(w, activation, previous!); break;
        }
    }

    private static void DenseForward(CodeWriter w, DenseOp op)
    {
        string epilogue = op.Activation switch
        {
            Activation.Linear => "bias fused into the product",
            Activation.Softmax => "bias fused into the product, then a row-wise softmax",
            _ => "bias and " + ContractNames.Keras(op.Activation) + " fused into the product",
        };
        if (op.Bias is null) epilogue = epilogue.Replace("bias and ", "").Replace("bias fused into the product", "no bias");
        w.Line("/// <summary>" + op.Name + ": " + op.Description + ", " + op.Input + " \u2192 " + op.Output + "; " + epilogue + ".</summary>");
        w.Open("private " + ReadOnlySpan + " " + op.Stem + "Forward(" + ReadOnlySpan + " input, int rows)");
        w.Line("const int Inputs = " + Literals.Int(op.Inputs) + ", Units = " + Literals.Int(op.Units) + ";");
        w.Line("var output = " + OutputField(op) + ".AsSpan(0, rows * Units);");
        var fused = op.Activation == Activation.Softmax ? Activation.Linear : op.Activation;
        w.Line(DenseKernels + ".Forward<" + ActivationType(fused) + ">(input, " + Kernel(op) + ", " + BiasOrEmpty(op, "Parameters", ReadOnlySpan) + ", output, rows, Inputs, Units);");
        if (op.Activation == Activation.Softmax) w.Line(SoftmaxKernels + ".Forward(output, output, rows, Units);");
        w.Line("return output;");
        w.Close();
    }

    private static void ConvForward(CodeWriter w, ConvOp op)
    {
        string epilogue = op.Activation == Activation.Linear
            ? (op.Bias is null ? "no bias" : "bias fused into the kernel")
            : (op.Bias is null ? "" : "bias and ") + ContractNames.Keras(op.Activation) + " fused into the kernel";
        w.Line("/// <summary>" + op.Name + ": " + op.Description + ", " + op.Input + " \u2192 " + op.Output + ", " + WindowText(op.Window, "kernel") + "; " + epilogue + ".</summary>");
        w.Open("private " + ReadOnlySpan + " " + op.Stem + "Forward(" + ReadOnlySpan + " input, int rows)");
        ConvConstants(w, op);
        w.Line("var output = " + OutputField(op) + ".AsSpan(0, rows * " + OutputSizeConstant(op) + ");");
        w.Line("var columns = " + Columns(op) + ";");
        w.Line(Conv2DKernels + ".Forward<" + ActivationType(op.Activation) + ">(input, " + ConvKernel(op, "Parameters") + ", " +
            ConvBiasOrEmpty(op, "Parameters", ReadOnlySpan) + ", output, columns, rows, in " + WindowField(op) + ", Filters);");
        w.Line("return output;");
        w.Close();
    }

    private static void ConvBackward(CodeWriter w, ConvOp op, OpPlan? previous)
    {
        w.Line("/// <summary>" + op.Name + " backward: kernel" + (op.Bias is null ? "" : " and bias") + " gradients, " + InputGradientText(op, previous) + ".</summary>");
        w.Open("private void " + op.Stem + "Backward(" + (previous is null ? ReadOnlySpan + " x, " : "") + "int rows)");
        ConvConstants(w, op);
        w.Line("var gradient = " + GradientField(op) + ".AsSpan(0, rows * " + OutputSizeConstant(op) + ");");
        ActivationDerivative(w, op.Activation, op.FusedWithLoss, OutputField(op) + ".AsSpan(0, rows * " + OutputSizeConstant(op) + ")", "gradient", "Filters");
        w.Line("var columns = " + Columns(op) + ";");
        string input = previous is null ? "x" : OutputField(previous) + ".AsSpan(0, rows * " + OutputSizeConstant(previous) + ")";
        string previousGradient = op.NeedsInputGradient ? GradientField(previous!) + ".AsSpan(0, rows * " + OutputSizeConstant(previous!) + ")" : Span + ".Empty";
        w.Line(Conv2DKernels + ".Backward(" + input + ", gradient, " + ConvKernel(op, "Parameters") + ",");
        w.Line("    " + ConvKernel(op, "GradientBuffer") + ", " + ConvBiasOrEmpty(op, "GradientBuffer", Span) + ", " + previousGradient + ", columns, rows, in " + WindowField(op) + ", Filters);");
        if (op.Regularization is { } r)
            w.Line(RegularizationKernels + ".AddGradient(" + ConvKernel(op, "Parameters") + ", " + ConvKernel(op, "GradientBuffer") + ", " +
                Literals.Float(r.L1) + ", " + Literals.Float(r.L2) + ");");
        w.Close();
    }

    /// <summary>Filters and the kernel's length as a product of its shape [kernelHeight, kernelWidth, inputChannels, filters].</summary>
    private static void ConvConstants(CodeWriter w, ConvOp op) =>
        w.Line("const int Filters = " + Literals.Int(op.Filters) + ", KernelLength = " + CpuModelEmitter.Product(op.Kernel) + ";");

    private static string Columns(ConvOp op) =>
        ColumnsField(op) + ".AsSpan(0, " + Conv2DKernels + ".ColumnsLength(in " + WindowField(op) + ", rows))";

    private static string ConvKernel(ConvOp op, string buffer) => buffer + ".Slice(" + op.Kernel.OffsetConstant + ", KernelLength)";

    private static string ConvBiasOrEmpty(ConvOp op, string buffer, string emptyType) =>
        op.Bias is { } bias ? buffer + ".Slice(" + bias.OffsetConstant + ", Filters)" : emptyType + ".Empty";

    private static void PoolForward(CodeWriter w, PoolOp op)
    {
        w.Line("/// <summary>" + op.Name + ": " + op.Description + ", " + op.Input + " \u2192 " + op.Output + ", " + WindowText(op.Window, "pool") +
            (op.IsMax ? "; keeps each window's arg-max for backward." : "; the mean of each window, padding excluded.") + "</summary>");
        w.Open("private " + ReadOnlySpan + " " + op.Stem + "Forward(" + ReadOnlySpan + " input, int rows)");
        w.Line("var output = " + OutputField(op) + ".AsSpan(0, rows * " + OutputSizeConstant(op) + ");");
        if (op.IsMax)
            w.Line(PoolingKernels + ".MaxForward(input, output, " + ArgmaxField(op) + ".AsSpan(0, rows * " + OutputSizeConstant(op) + "), rows, in " + WindowField(op) + ");");
        else
            w.Line(PoolingKernels + ".AverageForward(input, output, rows, in " + WindowField(op) + ");");
        w.Line("return output;");
        w.Close();
    }

    private static void PoolBackward(CodeWriter w, PoolOp op, OpPlan previous)
    {
        w.Line("/// <summary>" + op.Name + " backward: " + (op.IsMax ? "each gradient routed to its window's arg-max" : "each gradient spread evenly over its window") +
            " in " + previous.Name + "'s gradient.</summary>");
        w.Open("private void " + op.Stem + "Backward(int rows)");
        string gradient = GradientField(op) + ".AsSpan(0, rows * " + OutputSizeConstant(op) + ")";
        string previousGradient = GradientField(previous) + ".AsSpan(0, rows * " + OutputSizeConstant(previous) + ")";
        if (op.IsMax)
            w.Line(PoolingKernels + ".MaxBackward(" + gradient + ", " + ArgmaxField(op) + ".AsSpan(0, rows * " + OutputSizeConstant(op) + "), " +
                previousGradient + ", rows, in " + WindowField(op) + ");");
        else
            w.Line(PoolingKernels + ".AverageBackward(" + gradient + ", " + previousGradient + ", rows, in " + WindowField(op) + ");");
        w.Close();
    }

    private static void FlattenForward(CodeWriter w, FlattenOp op)
    {
        w.Line("/// <summary>" + op.Name + ": " + op.Description + ", " + op.Input + " \u2192 " + op.Output +
            "; a reshape: rows are already laid out channels-last, so the same values pass on.</summary>");
        w.Line("private static " + ReadOnlySpan + " " + op.Stem + "Forward(" + ReadOnlySpan + " input) => input;");
    }

    /// <summary><c>3×3 kernel, stride 1, same padding (pad top 1, left 1)</c>.</summary>
    internal static string WindowText(Shapes.Window window, string kind) =>
        window.WindowText + " " + kind + ", " + window.StrideAndPadding;

    private static string InputGradientText(OpPlan op, OpPlan? previous) =>
        op.NeedsInputGradient
            ? "dL/d(input) into " + previous!.Name + "'s gradient"
            : previous is null
                ? "no input gradient (first layer)"
                : "no input gradient (no layer before it has parameters)";

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
        w.Line("/// <summary>" + op.Name + ": " + op.Description + " on " + op.Input + (op.Activation == Activation.Softmax ? ", row-wise" : ", element-wise") + ".</summary>");
        w.Open("private " + ReadOnlySpan + " " + op.Stem + "Forward(" + ReadOnlySpan + " input, int rows)");
        w.Line("const int Size = " + Literals.Int(op.Output.Size) + ";");
        w.Line("var output = " + OutputField(op) + ".AsSpan(0, rows * Size);");
        switch (op.Activation)
        {
            case Activation.Linear: w.Line("input.CopyTo(output);"); break;
            case Activation.Softmax: w.Line(SoftmaxKernels + ".Forward(input, output, rows, Size);"); break;
            default: w.Line(ActivationKernels + ".Forward<" + ActivationType(op.Activation) + ">(input, output);"); break;
        }
        w.Line("return output;");
        w.Close();
    }

    private static void DenseBackward(CodeWriter w, DenseOp op, OpPlan? previous)
    {
        string inputGradient = InputGradientText(op, previous);
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
    private static void ActivationDerivative(CodeWriter w, Activation activation, bool fused, string output, string gradient, string columns)
    {
        if (fused)
            w.Line("// " + ContractNames.Keras(activation) + "'s derivative is fused into the loss gradient, which already is dL/dz.");
        else if (activation == Activation.Softmax)
            w.Line(SoftmaxKernels + ".Backward(" + output + ", " + gradient + ", rows, " + columns + ");");
        else if (activation != Activation.Linear)
            w.Line(ActivationKernels + ".Backward<" + ActivationType(activation) + ">(" + output + ", " + gradient + ");");
    }

    private static string Kernel(DenseOp op) => "Parameters.Slice(" + op.Kernel.OffsetConstant + ", Inputs * Units)";

    private static string BiasOrEmpty(DenseOp op, string buffer, string emptyType) =>
        op.Bias is { } bias ? buffer + ".Slice(" + bias.OffsetConstant + ", Units)" : emptyType + ".Empty";
}
