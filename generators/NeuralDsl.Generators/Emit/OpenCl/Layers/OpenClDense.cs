using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitDense(DenseOp op) => new OpenClDense(op);
}

/// <summary>Dense: the shared products of <see cref="OpenClWeighted"/> over input rows, with the Dropout fused into it;
/// its input gradient is dz · kernelᵀ.</summary>
internal sealed class OpenClDense : OpenClWeighted
{
    private readonly DenseOp _op;

    public OpenClDense(DenseOp op) : base(op, op.Dropout) => _op = op;

    protected override string Input(string m, string l) => $"{Slot(_op.Buffers.Input)}[(size_t){m} * {Literals.Int(_op.FanIn)} + {l}]";

    /// <summary>dL/d(input) = dz · kernelᵀ, a product.</summary>
    protected override void WriteInputGradient(OpenClProgramBuilder program, BufferPlan inputGradient)
    {
        int units = _op.Units, fanIn = _op.FanIn;
        string name = _op.Name + "_backward_input";
        int kernel = program.Kernel(name);
        OpenClProduct.Write(program.Source, name, $"{_op.Name} backward: dL/d(input) = dz \u00B7 kernel\u1D40.",
            iCount: "rows", jCount: fanIn, lCount: Literals.Int(units),
            left: $"{_op.Name}_dz(w, cap, (size_t)i * {Literals.Int(units)} + l)", right: $"p[{Tensor(_op.Weights)} + j * {Literals.Int(units)} + l]",
            new[] { $"{Slot(inputGradient)}[(size_t)i * {Literals.Int(fanIn)} + j] = acc;" });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Product, "rows", fanIn, _op.Name + " input gradient", Role: LaunchRole.InputGradient));
    }
}
