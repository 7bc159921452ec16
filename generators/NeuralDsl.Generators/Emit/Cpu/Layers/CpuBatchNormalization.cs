using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

internal sealed partial class CpuLayers
{
    public CpuLayer VisitBatchNormalization(BatchNormalizationOp op) => new CpuBatchNormalization(op);
}

/// <summary>
/// BatchNormalization (<c>BatchNormalizationMath</c>): while the layer trains, a training pass normalizes with the batch's
/// statistics and moves the moving statistics (a pass with frozen masks, as gradient checks run, leaves them); at
/// inference, or while the layer is frozen (Keras 3), the moving statistics normalize.
/// </summary>
internal sealed class CpuBatchNormalization : CpuLayer
{
    private readonly BatchNormalizationOp _op;

    public CpuBatchNormalization(BatchNormalizationOp op) : base(op) => _op = op;

    public override string ForwardCall(string input) => $"{ForwardMethod(_op)}({input}, rows, mode)";

    public override string BackwardStatement => BackwardCallOrSkip($"{BackwardMethod(_op)}({(_op.Buffers.Input is null ? "x, " : "")}rows);");

    private string Slice(string buffer, TensorPlan? tensor, string emptyType) =>
        tensor is null ? emptyType + ".Empty" : $"{buffer}.Slice({OffsetConstant(tensor)}, Channels)";

    private string Statistics => $"{Field(_op.Buffers.KeptOf(BufferRole.Statistics))}.AsSpan(Channels, Channels)";

    public override void WriteMethods(CodeWriter w)
    {
        w.Line($"/// <summary>{_op.Name}: {_op.Description} over {Literals.Int(_op.Channels)} channels of {_op.Input}; batch statistics while it trains, moving statistics otherwise.</summary>");
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({ReadOnlySpan} input, int rows, {PassModeType} mode)"))
        {
            Constants(w);
            if (_op.FoldedInto is { } conv)
                w.Line($"if (mode == {PassModeType}.Inference) return input; // folded into {conv}'s epilogue, which wrote this layer's result (or a later fused layer's)");
            w.Line($"var output = {Rows(_op.Buffers.Output!)};");
            using (w.Block($"if (mode == {PassModeType}.Inference || !Trains({Literals.Int(_op.Index)}))"))
            {
                w.Line($"// Inference mode (a frozen layer too, as Keras 3): the moving statistics.");
                w.Line($"{BatchNormalizationMath}.InferenceForward(input, {Slice("Parameters", _op.Gamma, ReadOnlySpan)}, {Slice("Parameters", _op.Beta, ReadOnlySpan)},");
                w.Line($"    {Slice("Parameters", _op.MovingMean, ReadOnlySpan)}, {Slice("Parameters", _op.MovingVariance, ReadOnlySpan)}, output, rows, Positions, Channels, Epsilon);");
                w.Line($"return output;");
            }
            w.Line($"// Training: the batch's statistics; a fresh training pass also moves the moving statistics (state, never stepped).");
            w.Line($"{BatchNormalizationMath}.TrainingForward(input, {Slice("Parameters", _op.Gamma, ReadOnlySpan)}, {Slice("Parameters", _op.Beta, ReadOnlySpan)},");
            w.Line($"    {Slice("Parameters", _op.MovingMean, Span)}, {Slice("Parameters", _op.MovingVariance, Span)},");
            w.Line($"    {Rows(_op.Buffers.KeptOf(BufferRole.Normalized))}, {Statistics}, output, rows, Positions, Channels, Momentum, Epsilon,");
            w.Line($"    updateMovingStatistics: mode == {PassModeType}.Training);");
            w.Line($"return output;");
        }
        if (!_op.RunsBackward) return;
        w.Line();
        w.Line($"/// <summary>{_op.Name} backward: gamma and beta gradients while it trains, and dL/d(input) through the statistics it normalized with.</summary>");
        using (w.Block($"private void {BackwardMethod(_op)}({(_op.Buffers.Input is null ? ReadOnlySpan + " x, " : "")}int rows)"))
        {
            Constants(w, forward: false);
            w.Line($"bool trains = Trains({Literals.Int(_op.Index)}); // a frozen layer ran in inference mode and computes no gamma or beta gradients");
            w.Line($"var gradient = {Rows(_op.Buffers.OutputGradient!)};");
            string inputGradient = _op.Buffers.InputGradient is { } g ? Rows(g) : Span + ".Empty";
            using (w.Block($"if (trains)"))
            {
                w.Line($"{BatchNormalizationMath}.TrainingBackward({Rows(_op.Buffers.KeptOf(BufferRole.Normalized))}, {Statistics}, {Slice("Parameters", _op.Gamma, ReadOnlySpan)}, gradient,");
                w.Line($"    {Slice("Gradients", _op.Gamma, Span)}, {Slice("Gradients", _op.Beta, Span)}, {inputGradient}, rows, Positions, Channels);");
                w.Line($"return;");
            }
            if (_op.Buffers.InputGradient is null) return;
            w.Line($"{BatchNormalizationMath}.InferenceBackward({InputRows(_op.Buffers.Input)}, {Slice("Parameters", _op.Gamma, ReadOnlySpan)}, {Slice("Parameters", _op.MovingMean, ReadOnlySpan)},");
            w.Line($"    {Slice("Parameters", _op.MovingVariance, ReadOnlySpan)}, gradient, {Span}.Empty, {Span}.Empty, {inputGradient}, rows, Positions, Channels, Epsilon);");
        }
    }

    /// <summary>The sizes, and the factors the method uses: forward both, backward epsilon only when it passes a gradient
    /// on through the moving statistics.</summary>
    private void Constants(CodeWriter w, bool forward = true)
    {
        w.Line($"const int Positions = {Literals.Int(_op.Positions)}, Channels = {Literals.Int(_op.Channels)};");
        if (forward) w.Line($"const float Momentum = {Literals.Float(_op.Momentum)}, Epsilon = {Literals.Float(_op.Epsilon)};");
        else if (_op.Buffers.InputGradient is not null) w.Line($"const float Epsilon = {Literals.Float(_op.Epsilon)};");
    }
}
