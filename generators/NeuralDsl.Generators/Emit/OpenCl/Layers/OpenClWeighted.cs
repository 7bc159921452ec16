using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// What the OpenCL code of Dense (<see cref="OpenClDense"/>) and Conv2D (<see cref="OpenClConv2D"/>) shares: forward as one
/// register-blocked product (<see cref="OpenClProduct"/>) with the bias, activation and a fused Dropout's mask in its
/// epilogue; backward as a product for the weight and bias gradients, then the kind's own input gradient. The forward adds
/// the bias in its epilogue; in the weight-gradient product the bias is one more row, whose input is 1, since it follows
/// the kernel in the parameter buffer.
/// </summary>
internal abstract class OpenClWeighted : OpenClLayer
{
    private readonly WeightedOp _op;
    private readonly DropoutOp? _dropout;

    protected OpenClWeighted(WeightedOp op, DropoutOp? dropout) : base(op)
    {
        _op = op;
        _dropout = dropout;
    }

    private bool HasBias => _op.Bias is not null;

    /// <summary>Rows of the weight-gradient product: the fan-in, plus one for the bias.</summary>
    private int Depth => _op.FanIn + (HasBias ? 1 : 0);

    public override void WriteForward(OpenClProgramBuilder program)
    {
        var source = program.Source;
        string name = _op.Name + "_forward";
        bool softmax = _op.Activation == Activation.Softmax;
        WriteHelpers(source);

        // The bias is added here rather than as one more reduction step: a test per step in the product's loop costs a
        // fifth of its speed on a CPU.
        string z = HasBias ? $"acc + p[{Tensor(_op.Bias!)} + j]" : "acc";
        var epilogue = new List<string>
        {
            $"const size_t at = (size_t)i * {Literals.Int(_op.Units)} + j;",
            $"const float a = {(softmax || _op.Activation == Activation.Linear ? z : program.Prelude.Activate(_op.Activation) + "(" + z + ")")};",
            $"{Slot(_op.Buffers.Output)}[at] = a;",
        };
        string what = (HasBias ? "bias, " : "") + (softmax ? "logits (softmax follows)" : Casing.SnakeCase(_op.Activation.ToString()));
        if (_dropout is not null)
        {
            epilogue.AddRange(OpenClDropout.MaskLines(program, _dropout, "a", "at"));
            what += " and " + _dropout.Name + "'s mask";
        }
        int kernel = program.Kernel(name);
        OpenClProduct.Write(source, name, $"{_op.Name}: {_op.Description} {_op.Input} \u2192 {_op.Output} forward; {what} fused into the product.",
            iCount: RowsTimes(_op.Positions), jCount: _op.Units, lCount: Literals.Int(_op.FanIn),
            left: Input("i", "l"), right: $"p[{Tensor(_op.Weights)} + l * {Literals.Int(_op.Units)} + j]", epilogue);
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Product, RowsTimes(_op.Positions), _op.Units, _op.Description + ", " + what));

        if (!softmax) return;
        string softmaxName = _op.Name + "_softmax";
        int softmaxKernel = EachKernel(program, softmaxName,
            $"{_op.Name}: softmax over the {Literals.Int(_op.Units)} {(_op.Positions == 1 ? "units of each row" : "filters of each cell")}, in place.",
            RowsTimes(_op.Positions), body =>
            {
                body.Line($"__global float* z = {Slot(_op.Buffers.Output)} + (size_t)e * {_op.Units};");
                body.Line($"{program.Prelude.Softmax()}(z, z, {_op.Units});");
            });
        program.Forward(new OpenClLaunch(softmaxKernel, softmaxName, LaunchShape.Each, RowsTimes(_op.Positions), 0, "softmax"));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        var source = program.Source;
        string gradient = Slot(_op.Buffers.OutputGradient), output = Slot(_op.Buffers.Output);
        bool softmax = _op.Activation == Activation.Softmax && !_op.FusedWithLoss;
        if (softmax)
        {
            string softmaxName = _op.Name + "_softmax_backward";
            int kernel = EachKernel(program, softmaxName, $"{_op.Name}: dL/da -> dL/dz through the softmax, in place.", RowsTimes(_op.Positions), body =>
            {
                body.Line($"const size_t at = (size_t)e * {_op.Units};");
                body.Line($"{program.Prelude.SoftmaxBackward()}({output} + at, {gradient} + at, {gradient} + at, {_op.Units});");
            });
            program.Backward(new OpenClLaunch(kernel, softmaxName, LaunchShape.Each, RowsTimes(_op.Positions), 0, _op.Name + " softmax"));
        }

        // dL/dz at flat index `at` of this layer's output, read on the fly by both products.
        string dz = $"{gradient}[at]";
        string why = "the gradient of its output";
        if (_dropout is not null)
        {
            dz += $" * {Slot(_dropout.Buffers.Kept)}[at]";
            why = _dropout.Name + "'s gradient through its mask";
        }
        if (_op.FusedWithLoss) why = "the loss gradient, which already is dL/dz";
        else if (_op.Activation != Activation.Linear && _op.Activation != Activation.Softmax)
        {
            dz += $" * {program.Prelude.Derive(_op.Activation)}({output}[at])";
            why += " and " + Casing.SnakeCase(_op.Activation.ToString()) + "'s derivative";
        }
        else if (softmax) why = "the gradient through the softmax";
        source.Line($"// {_op.Name}: dL/dz from {why}.");
        source.Line($"inline float {_op.Name}_dz(__global const float* w, const int cap, const size_t at) {{ return {dz}; }}");
        source.Line();

        WeightGradients(program);
        if (_op.Buffers.InputGradient is { } inputGradient) WriteInputGradient(program, inputGradient);
    }

    /// <summary>Helper functions the forward product reads its input with (a convolution's patches), written before it.</summary>
    protected virtual void WriteHelpers(CodeWriter source)
    {
    }

    /// <summary>The kernel writing dL/d(input) into <paramref name="inputGradient"/>, from <c>{name}_dz</c> and the kernel.</summary>
    protected abstract void WriteInputGradient(OpenClProgramBuilder program, BufferPlan inputGradient);

    /// <summary>Input value (m, l) of the products: a row of the input slot, or a convolution patch.</summary>
    protected abstract string Input(string m, string l);

    /// <summary>dW[l][j] = sum over the batch (and output cells) m of input(m, l) dz(m, j); row l = fan-in is the bias.</summary>
    private void WeightGradients(OpenClProgramBuilder program)
    {
        int units = _op.Units, fanIn = _op.FanIn;
        string name = _op.Name + "_backward_weights";
        string store = $"g[{Tensor(_op.Weights)} + i * {Literals.Int(units)} + j]";
        var epilogue = new List<string>();
        if (_op.Regularization is { } regularization)
        {
            var terms = new List<string>();
            if (regularization.L1 != 0) terms.Add(Literals.OpenClFloat(regularization.L1) + " * sign(v)");
            if (regularization.L2 != 0) terms.Add(Literals.OpenClFloat(2 * (float)regularization.L2) + " * v");
            string penalty = string.Join(" + ", terms);
            epilogue.Add($"// {_op.Name}'s kernel regularizer adds l1 * sign(w) + 2 * l2 * w{(HasBias ? " (not to the bias)" : "")}.");
            epilogue.Add($"const float v = p[{Tensor(_op.Weights)} + i * {Literals.Int(units)} + j];");
            epilogue.Add(HasBias ? $"{store} = i < {Literals.Int(fanIn)} ? acc + {penalty} : acc;" : $"{store} = acc + {penalty};");
        }
        else epilogue.Add($"{store} = acc;");
        int kernel = program.Kernel(name);
        OpenClProduct.Write(program.Source, name,
            $"{_op.Name} backward: kernel{(HasBias ? " and bias" : "")} gradients, a product over the batch{(_op.Positions == 1 ? "" : "'s output cells")}" +
            (HasBias ? $" (row {Literals.Int(fanIn)} is the bias)." : "."),
            iCount: Literals.Int(Depth), jCount: units, lCount: RowsTimes(_op.Positions),
            left: WithBias("i", Input("l", "i")), right: $"{_op.Name}_dz(w, cap, (size_t)l * {Literals.Int(units)} + j)", epilogue);
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Product, Literals.Int(Depth), units, _op.Name + " weight gradients", Role: LaunchRole.WeightGradients));
    }

    /// <summary>With a bias the weight-gradient product has one more row, i = fan-in, whose input is 1.</summary>
    private string WithBias(string l, string value) => HasBias ? $"({l} < {Literals.Int(_op.FanIn)} ? {value} : 1.0f)" : value;
}
