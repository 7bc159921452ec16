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

/// <summary>Conv2D through <c>Conv2DMath</c>, which reads the input in place with the bias and activation fused into the
/// product's epilogue (and runs the max pooling that alone reads it); its window geometry a static <c>Window2D</c> and a
/// scratch of padded frames for windows that leave the input.</summary>
internal sealed class CpuConv2D : CpuWeighted
{
    private readonly ConvOp _op;

    public CpuConv2D(ConvOp op) : base(op) => _op = op;

    protected override string WeightsLength => "KernelLength";

    protected override string BiasLength => "Filters";

    private string Columns => "_" + Casing.CamelCase(_op.MemberName) + "Columns";

    public override string ForwardCall(string input) => _op.FoldedAdd is null
        ? $"{ForwardMethod(_op)}({input}, rows{(TakesMode ? ", mode" : "")})"
        : throw new System.InvalidOperationException($"{_op.Name} also reads its Add's second input: call ForwardCall with every input.");

    /// <summary>With an Add in the epilogue, its second input's span comes last (<see cref="AlsoReads"/>).</summary>
    public override string ForwardCall(IReadOnlyList<string> inputs) =>
        _op.FoldedAdd is null ? ForwardCall(inputs[0]) : $"{ForwardMethod(_op)}({inputs[0]}, rows, mode, {inputs[1]})";

    public override IEnumerable<int> AlsoReads => _op.FoldedAdd is { } add ? [add.Common.Producers[1]] : [];

    /// <summary>The forward pass depends on the mode: layers folded into the epilogue at inference, the arg-maxes of the
    /// pooling it runs only in training.</summary>
    private bool TakesMode => _op.FoldedNormalization is not null || _op.FoldedAdd is not null || _op.PooledBy is not null;

    private string FoldedScale => "_" + Casing.CamelCase(_op.MemberName) + "FoldedScale";

    private string FoldedShift => "_" + Casing.CamelCase(_op.MemberName) + "FoldedShift";

    public override IEnumerable<(string Type, string Field, string Length)> Scratch
    {
        get
        {
            // With its pooling, both passes go a block of images at a time through scratch of their own.
            if (_op.PooledBy is null) yield return ("float", Columns, $"{Conv2DMath}.ColumnsLength(in {WindowField(_op)}, rows)");
            if (_op.FoldedNormalization is null) yield break;
            yield return ("float", FoldedScale, Literals.Int(_op.Filters));
            yield return ("float", FoldedShift, Literals.Int(_op.Filters));
        }
    }

    public override void WriteStatics(CodeWriter w) => CpuWindow.WriteField(w, _op, _op.Window, "kernel", _op.Filters);

    public override void WriteMethods(CodeWriter w)
    {
        string epilogue = _op.Activation == Activation.Linear
            ? (_op.Bias is null ? "no bias" : "bias fused into the kernel")
            : (_op.Bias is null ? "" : "bias and ") + ContractNames.Keras(_op.Activation) + " fused into the kernel";
        w.Line($"/// <summary>{_op.Name}: {_op.Description}, {_op.Input} \u2192 {_op.Output}, {CpuWindow.Text(_op.Window, "kernel")}; {epilogue}.</summary>");
        var folded = _op.FoldedNormalization;
        string residual = _op.FoldedAdd is null ? "" : $", {ReadOnlySpan} residual";
        using (w.Block($"private {ReadOnlySpan} {ForwardMethod(_op)}({ReadOnlySpan} input, int rows{(TakesMode ? $", {PassModeType} mode" : "")}{residual})"))
        {
            Constants(w);
            if (_op.PooledBy is { } pool) WritePooled(w, pool);
            else
            {
                w.Line($"var columns = {ColumnsRows};");
                if (folded is not null || _op.FoldedAdd is not null) WriteFolded(w, folded);
                w.Line($"var output = {Rows(_op.Buffers.Output!)};");
                w.Line($"{Conv2DMath}.Forward<{ActivationType(_op.Activation)}>(input, {Weights("Parameters")}, {BiasOrEmpty("Parameters", ReadOnlySpan)}, output, columns, rows, in {WindowField(_op)}, Filters);");
                w.Line($"return output;");
            }
        }
        w.Line();
        BackwardSummary(w);
        using (w.Block($"private void {BackwardMethod(_op)}({BackwardParameters(readsInput: true)})"))
        {
            Constants(w);
            TrainingFlags(w);
            if (_op.PooledBy is { } pool) WritePooledBackward(w, pool);
            else
            {
                w.Line($"var gradient = {Rows(_op.Buffers.OutputGradient!)};");
                ActivationDerivative(w, _op.Activation, _op.FusedWithLoss, Rows(_op.Buffers.Output!), "gradient", "Filters");
                w.Line($"var columns = {ColumnsRows};");
                w.Line($"{Conv2DMath}.Backward({InputRows(_op.Buffers.Input)}, gradient, {Weights("Parameters")},");
                w.Line($"    {WeightGradients}, {BiasGradients}, {InputGradientOrEmpty()}, columns, rows, in {WindowField(_op)}, Filters);");
            }
            RegularizationGradient(w);
        }
    }

    /// <summary><paramref name="pool"/> computed with this layer, a block of images at a time: it writes the pooling's
    /// output, and in training its arg-maxes; this layer's own output is never written whole.</summary>
    private void WritePooled(CodeWriter w, PoolOp pool)
    {
        w.Line($"// {pool.Name} ({pool.Description}) runs here on each block of images' output while it is in cache.");
        w.Line($"var pooled = {Rows(pool.Buffers.Output!)};");
        w.Line($"var argmax = mode == {PassModeType}.Inference ? global::System.Span<int>.Empty : {Rows(pool.Buffers.Kept!)}; // nothing runs backward at inference");
        w.Line($"{Conv2DMath}.ForwardMaxPooled<{ActivationType(_op.Activation)}>(input, {Weights("Parameters")}, {BiasOrEmpty("Parameters", ReadOnlySpan)}, pooled, argmax, rows, in {WindowField(_op)}, Filters, in {WindowField(pool)});");
        w.Line($"return pooled;");
    }

    /// <summary>Backward from <paramref name="pool"/>'s output gradient: the pooling's backward through this layer's
    /// activation derivative at the arg-maxes, then this layer's, a block of images at a time (this layer's output gradient
    /// is never written whole).</summary>
    private void WritePooledBackward(CodeWriter w, PoolOp pool)
    {
        string derivative = _op.Activation == Activation.Linear ? "" : $" through {ContractNames.Keras(_op.Activation)}'s derivative at its arg-maxes";
        w.Line($"// {pool.Name}'s backward runs here{derivative}, on each block of images while its gradient is in cache.");
        w.Line($"{Conv2DMath}.BackwardMaxPooled<{ActivationType(_op.Activation)}>({InputRows(_op.Buffers.Input)}, {Rows(pool.Buffers.OutputGradient!)}, {Rows(pool.Buffers.Kept!)}, {Rows(pool.Buffers.Output!)},");
        w.Line($"    {Weights("Parameters")}, {WeightGradients}, {BiasGradients}, {InputGradientOrEmpty()}, rows, in {WindowField(_op)}, Filters, in {WindowField(pool)});");
    }

    /// <summary>At inference, the layers folded into the epilogue computed with this layer, the product written straight into
    /// the output of the last of them: <paramref name="folded"/> as a scale and shift per filter from the moving statistics
    /// (every call: a few operations per filter; folding them into a copy of the kernel instead wrote the whole kernel on
    /// every call), the Add's second input added, then the activation.</summary>
    private void WriteFolded(CodeWriter w, BatchNormalizationOp? folded)
    {
        string Slice(TensorPlan? tensor) => tensor is null ? ReadOnlySpan + ".Empty" : $"Parameters.Slice({OffsetConstant(tensor)}, Filters)";
        using (w.Block($"if (mode == {PassModeType}.Inference)"))
        {
            if (folded is not null)
            {
                w.Line($"// {folded.Name} folded in: each sum · gamma / sqrt(moving variance + epsilon) per filter, + (b - moving mean) · that + beta.");
                w.Line($"{BatchNormalizationMath}.FoldScale({BiasOrEmpty("Parameters", ReadOnlySpan)}, {Slice(folded.Gamma)}, {Slice(folded.Beta)},");
                w.Line($"    {Slice(folded.MovingMean)}, {Slice(folded.MovingVariance)}, {Literals.Float(folded.Epsilon)}, {FoldedScale}, {FoldedShift}, Filters);");
            }
            if (_op.FoldedAdd is { } add) w.Line($"// {add.Name} in the epilogue: its second input (residual) added to each result.");
            var activation = _op.FoldedActivation;
            if (activation is not null)
                w.Line($"// {activation.Name} ({ContractNames.Keras(activation.Activation)}) in the epilogue.");
            OpPlan last = (OpPlan?)activation ?? (OpPlan?)_op.FoldedAdd ?? folded!;
            string target = Casing.CamelCase(last.MemberName) + "Output";
            string act = ActivationType(activation?.Activation ?? Activation.Linear), residual = _op.FoldedAdd is null ? "" : ", residual";
            w.Line($"var {target} = {Rows(last.Buffers.Output!)}; // written by this layer");
            if (folded is not null)
                w.Line($"{Conv2DMath}.ForwardScaled<{act}>(input, {Weights("Parameters")}, {FoldedScale}, {FoldedShift}, {target}, columns, rows, in {WindowField(_op)}, Filters{residual});");
            else
                w.Line($"{Conv2DMath}.Forward<{act}>(input, {Weights("Parameters")}, {BiasOrEmpty("Parameters", ReadOnlySpan)}, {target}, columns, rows, in {WindowField(_op)}, Filters{residual});");
            w.Line($"return {target};");
        }
    }

    /// <summary>Filters and the kernel's length as a product of its shape [kernelHeight, kernelWidth, inputChannels, filters].</summary>
    private void Constants(CodeWriter w) => w.Line($"const int Filters = {_op.Filters}, KernelLength = {_op.Weights.LengthProduct};");

    private string ColumnsRows => $"{Columns}.AsSpan(0, {Conv2DMath}.ColumnsLength(in {WindowField(_op)}, rows))";
}
