using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitRandomFlip(RandomFlipOp op) => new CpuAugmentation(op,
        sample: $"{AugmentationMath}.SampleFlips(draws, rows, horizontal: {Literals.Bool(op.Horizontal)}, vertical: {Literals.Bool(op.Vertical)}, DropoutRandom);",
        forward: $"{AugmentationMath}.Flip(input, draws, output, rows, Height, Width, Channels);",
        backward: $"{AugmentationMath}.Flip(gradient, draws, inputGradient, rows, Height, Width, Channels);",
        what: "each image flipped as drawn", backwardWhat: "the gradient flipped back (a flip is its own inverse)");

    public CpuLayer VisitRandomTranslation(RandomTranslationOp op)
    {
        string fill = $"global::NeuralDsl.FillMode.{op.FillMode}", interpolation = $"global::NeuralDsl.Interpolation.{op.Interpolation}";
        return new CpuAugmentation(op,
            sample: $"{AugmentationMath}.SampleTranslations(draws, rows, {Literals.Float(op.HeightFactor)}, {Literals.Float(op.WidthFactor)}, Height, Width, DropoutRandom);",
            forward: $"{AugmentationMath}.TranslateForward(input, draws, output, rows, Height, Width, Channels, {fill}, {interpolation}, {Literals.Float(op.FillValue)});",
            backward: $"{AugmentationMath}.TranslateBackward(gradient, draws, inputGradient, rows, Height, Width, Channels, {fill}, {interpolation});",
            what: "each image shifted as drawn", backwardWhat: "the shift's sampling transposed onto the gradient");
    }
}

/// <summary>An augmentation layer (RandomFlip, RandomTranslation; <c>AugmentationMath</c>): in training it draws per row from
/// the model's seeded stream (a pass with frozen masks reuses the draws) and transforms each image; at inference it is
/// the identity.</summary>
internal sealed class CpuAugmentation : CpuLayer
{
    private readonly string _sample, _forward, _backward, _what, _backwardWhat;

    public CpuAugmentation(OpPlan op, string sample, string forward, string backward, string what, string backwardWhat) : base(op)
    {
        _sample = sample;
        _forward = forward;
        _backward = backward;
        _what = what;
        _backwardWhat = backwardWhat;
    }

    public override string ForwardCall(string input) => $"{ForwardMethod(Op)}({input}, rows, mode)";

    public override string BackwardStatement => BackwardCallOrSkip($"{BackwardMethod(Op)}(rows);");

    private void Constants(CodeWriter w) =>
        w.Line($"const int Height = {Literals.Int(Op.Input.Dims[0])}, Width = {Literals.Int(Op.Input.Dims[1])}, Channels = {Literals.Int(Op.Input.Dims[2])};");

    public override void WriteMethods(CodeWriter w)
    {
        w.Line($"/// <summary>{Op.Name}: {Op.Description} on {Op.Input}; in training {_what}, the identity at inference.</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(Op)}({ReadOnlySpan} input, int rows, {PassModeType} mode)"))
        {
            Constants(w);
            w.Line($"if (mode == {PassModeType}.Inference) return input;");
            w.Line($"var draws = {Rows(Op.Buffers.Kept!, "2")};");
            w.Line($"if (mode == {PassModeType}.Training) {_sample}");
            w.Line($"var output = {Rows(Op.Buffers.Output!)};");
            w.Line($"{_forward}");
            w.Line($"return output;");
        }
        if (Op.Buffers.InputGradient is not { } g) return;
        w.Line();
        w.Line($"/// <summary>{Op.Name} backward: {_backwardWhat}.</summary>");
        using (w.Block($"private void {BackwardMethod(Op)}(int rows)"))
        {
            Constants(w);
            w.Line($"var draws = {Rows(Op.Buffers.Kept!, "2")};");
            w.Line($"var gradient = {Rows(Op.Buffers.OutputGradient!)};");
            w.Line($"var inputGradient = {Rows(g)};");
            w.Line($"{_backward}");
        }
    }
}
