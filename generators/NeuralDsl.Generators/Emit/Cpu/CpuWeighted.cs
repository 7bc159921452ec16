using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

/// <summary>What the CPU code of the layers with weights (Dense, Conv2D) shares: the slices of their tensors in the
/// parameter and gradient buffers, the backward call and summary, and the regularizer's gradient.</summary>
internal abstract class CpuWeighted : CpuLayer
{
    private readonly WeightedOp _op;

    protected CpuWeighted(WeightedOp op) : base(op) => _op = op;

    /// <summary>The weights' length as the methods' constants spell it: <c>Inputs * Units</c>, <c>KernelLength</c>.</summary>
    protected abstract string WeightsLength { get; }

    /// <summary>The bias's length as the methods' constants spell it: <c>Units</c>, <c>Filters</c>.</summary>
    protected abstract string BiasLength { get; }

    public override string BackwardStatement => $"{BackwardMethod(_op)}({(_op.Buffers.Input is null ? "x, " : "")}rows);";

    /// <summary><c>Parameters.Slice(DenseKernel, Inputs * Units)</c>, or the same slice of <c>Gradients</c>.</summary>
    protected string Weights(string buffer) => $"{buffer}.Slice({OffsetConstant(_op.Weights)}, {WeightsLength})";

    /// <summary>Where the weight gradients go: the layer's slice of <c>Gradients</c> while it trains, else an empty span (a
    /// frozen layer computes none).</summary>
    protected string WeightGradients => $"trains ? {Weights("Gradients")} : {Span}.Empty";

    /// <summary>Where the bias gradient goes, as <see cref="WeightGradients"/>.</summary>
    protected string BiasGradients => _op.Bias is null ? Span + ".Empty" : $"trains ? {BiasOrEmpty("Gradients", Span)} : {Span}.Empty";

    /// <summary>Declares <c>trains</c> and, when a layer before this one has parameters, <c>inputGradient</c>: written only
    /// when a layer below trains.</summary>
    protected void TrainingFlags(CodeWriter w, string? width = null)
    {
        w.Line($"bool trains = Trains({Literals.Int(_op.Index)}); // a frozen layer computes no weight gradients");
        if (_op.Buffers.InputGradient is { } g)
            w.Line($"var inputGradient = FirstTrainableLayer < {Literals.Int(_op.Index)} ? {Rows(g, width)} : {Span}.Empty; // only a layer below that trains needs it");
    }

    /// <summary>The bias's slice of <paramref name="buffer"/>, or an empty span for a layer without bias.</summary>
    protected string BiasOrEmpty(string buffer, string emptyType) =>
        _op.Bias is { } bias ? $"{buffer}.Slice({OffsetConstant(bias)}, {BiasLength})" : emptyType + ".Empty";

    /// <summary>The input gradient declared by <see cref="TrainingFlags"/>, or an empty span when nothing before the layer has parameters.</summary>
    protected string InputGradientOrEmpty() => _op.Buffers.InputGradient is not null ? "inputGradient" : Span + ".Empty";

    protected void BackwardSummary(CodeWriter w) =>
        w.Line($"/// <summary>{_op.Name} backward: kernel{(_op.Bias is null ? "" : " and bias")} gradients, {InputGradientText}.</summary>");

    /// <summary>The kernel regularizer's gradient added to the weight gradients (nothing without a regularizer).</summary>
    protected void RegularizationGradient(CodeWriter w)
    {
        if (_op.Regularization is { } r)
            w.Line($"if (trains) {RegularizationMath}.AddGradient({Weights("Parameters")}, {Weights("Gradients")}, {Literals.Float(r.L1)}, {Literals.Float(r.L2)});");
    }
}
