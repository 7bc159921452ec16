using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

/// <summary>
/// The CPU backend's part of a model: a nested class over <c>NeuralDsl.Cpu.CpuPasses</c> holding the workspace (the
/// plan's buffers as arrays), the forward pass as a chain of layer calls, the backward pass from the loss gradient down,
/// the regularization penalty, and one forward and one backward method per layer (<see cref="CpuLayer"/>).
/// </summary>
internal static class CpuEmitter
{
    public static void Emit(CodeWriter w, ModelPlan plan)
    {
        var layers = plan.Ops.Select(op => op.Accept(CpuLayers.Instance)).ToList();
        w.Line();
        w.Line($"// ---- CPU backend: the passes as C# over the parameter buffer, every size a constant ----");
        w.Line();
        w.Line($"/// <inheritdoc/>");
        w.Line($"protected override {CpuPasses} CreateCpuPasses() => new {PassesClass}(this);");
        w.Line();
        w.Line($"/// <summary>The CPU passes of {plan.Spec.ClassName}: its workspace, then per layer a forward and a backward method.</summary>");
        using (w.Block($"private sealed class {PassesClass} : {CpuPasses}"))
        {
            w.Line($"public {PassesClass}({SequentialModel} model) : base(model) {{ }}");
            foreach (var layer in layers) layer.WriteStatics(w);
            Workspace(w, plan, layers);
            Forward(w, layers);
            Backward(w, plan, layers);
            Penalty(w, plan);
            foreach (var layer in layers)
            {
                w.Line();
                layer.WriteMethods(w);
            }
        }
    }

    /// <summary>The plan's buffers (arg-max as ints) and each layer's scratch, allocated only in <c>AllocateWorkspace</c>.</summary>
    private static void Workspace(CodeWriter w, ModelPlan plan, List<CpuLayer> layers)
    {
        var widths = plan.Ops.ToDictionary(op => op.Name, op => op.Output.Size);
        // A Conv2D that runs its max pooling never writes its own output or output gradient whole on the CPU (the OpenCL passes still do).
        var unwritten = plan.Ops.OfType<ConvOp>().Where(conv => conv.PooledBy is not null)
            .SelectMany(conv => new[] { conv.Buffers.Output, conv.Buffers.OutputGradient }).ToList();
        var buffers = plan.Buffers
            .Where(b => !unwritten.Contains(b))
            .Select(b => (Type: b.HoldsIndices ? "int" : "float", Field: Field(b),
                Length: "rows * " + (b.Width == widths[b.Layer] ? OutputSizeConstant(b.Layer) : Literals.Int(b.Width))))
            .Concat(layers.SelectMany(layer => layer.Scratch))
            .ToList();
        w.Line();
        w.Line($"// Workspace: outputs, masks and gradients per layer, rows × width, allocated for Capacity rows.");
        if (plan.Ops.Any(op => op is ConvOp || op is PoolOp))
            w.Line($"// Convolutions add padded frames where windows leave the input, max pooling the arg-max of each window; Flatten is a reshape and owns no buffer.");
        if (unwritten.Count > 0)
            w.Line($"// A convolution that runs its max pooling keeps no output or output gradient of its own: both passes go a block of images at a time.");
        foreach (var (type, field, _) in buffers) w.Line($"private {type}[] {field} = [];");
        if (unwritten.Count > 0)
        {
            // The backend sizes its inference passes by the widest output they write: not the convolutions' own here.
            var widest = plan.Ops.Where(op => op.Buffers.Output is { } output && !unwritten.Contains(output)).OrderByDescending(op => op.Output.Size).FirstOrDefault();
            w.Line();
            w.Line($"/// <inheritdoc/>");
            if (widest is null || widest.Output.Size < plan.InputSize)
                w.Line($"public override int WidestInferenceRow => {Literals.Int(plan.InputSize)}; // the input");
            else
                w.Line($"public override int WidestInferenceRow => {Literals.Int(widest.Output.Size)}; // {widest.Name}'s output");
        }
        w.Line();
        w.Line($"/// <inheritdoc/>");
        using (w.Block($"public override void AllocateWorkspace(int rows)"))
            foreach (var (type, field, length) in buffers) w.Line($"{field} = new {type}[{length}];");
    }

    /// <summary>The layers' forward calls in graph order, each output a named span: each layer reads its inputs' spans.</summary>
    private static void Forward(CodeWriter w, List<CpuLayer> layers)
    {
        var statements = new List<string>();
        var spans = new string[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var inputs = layer.Op.Producers.Concat(layer.AlsoReads).Select(p => p < 0 ? "x" : spans[p]).ToList();
            if (layer.ForwardCall(inputs) is not { } call)
            {
                statements.Add($"// {layer.Op.Name}: {layer.PassThrough}");
                spans[i] = inputs[0];
                continue;
            }
            spans[i] = Casing.CamelCase(layer.Op.MemberName) + "Output";
            statements.Add(i == layers.Count - 1 ? $"return {call};" : $"var {spans[i]} = {call};");
        }
        if (!statements[statements.Count - 1].StartsWith("return", System.StringComparison.Ordinal)) statements.Add($"return {spans[layers.Count - 1]};");

        w.Line();
        w.Line($"/// <inheritdoc/>");
        using (w.Block($"public override {ReadOnlySpan} Forward({ReadOnlySpan} x, int rows, {PassModeType} mode)"))
            foreach (var statement in statements) w.Line($"{statement}");
    }

    /// <summary>The loss gradient into the last layer's output gradient, then each layer's backward call, last first; a
    /// layer read by several layers first adds up their shares of its gradient.</summary>
    private static void Backward(CodeWriter w, ModelPlan plan, List<CpuLayer> layers)
    {
        w.Line();
        w.Line($"/// <inheritdoc/>");
        using (w.Block($"public override void Backward({ReadOnlySpan} x, {ReadOnlySpan} targets, int rows)"))
        {
            var last = plan.Last.Buffers;
            switch (plan.OutputGradient)
            {
                case OutputGradientKind.None:
                    w.Line($"// No layer has weights: there is nothing to differentiate.");
                    return;
                case OutputGradientKind.SoftmaxCrossEntropy:
                    w.Line($"// Output: softmax fused with {(plan.Loss == Loss.SparseCategoricalCrossentropy ? "sparse " : "")}categorical cross-entropy, dL/dz = (p − y) / rows.");
                    w.Line($"{LossMath}.SoftmaxCrossEntropyGradient({Rows(last.Output!, "OutputSize")}, targets, {Rows(last.OutputGradient!, "OutputSize")}, rows, OutputSize);");
                    break;
                case OutputGradientKind.SigmoidCrossEntropy:
                    w.Line($"// Output: sigmoid fused with binary cross-entropy, dL/dz = (p − y) / (rows · OutputSize).");
                    w.Line($"{LossMath}.SigmoidCrossEntropyGradient({Rows(last.Output!, "OutputSize")}, targets, {Rows(last.OutputGradient!, "OutputSize")}, rows, OutputSize);");
                    break;
                default:
                    w.Line($"// Output: dL/da of the batch-mean loss; the last layer applies its activation's derivative.");
                    w.Line($"{LossMath}.Gradient({LossValue(plan.Loss)}, {Rows(last.Output!, "OutputSize")}, targets, {Rows(last.OutputGradient!, "OutputSize")}, rows, OutputSize);");
                    break;
            }
            w.Line($"// Each layer runs backward only while it or a layer upstream of it trains (SetTrainable may change which at run time).");
            for (int i = layers.Count - 1; i >= 0; i--)
            {
                var op = layers[i].Op;
                string statement = layers[i].BackwardStatement;
                bool acts = !statement.StartsWith("//", System.StringComparison.Ordinal) || !op.Buffers.GradientParts.IsEmpty;
                if (acts) w.Line($"if (FirstTrainableLayer > {Literals.Int(i)}) return; // nothing from {op.Name} down trains");
                foreach (var part in op.Buffers.GradientParts)
                    w.Line($"{VectorOps}.Axpy(1f, {Rows(part)}, {Rows(op.Buffers.OutputGradient!)}); // {op.Name} is read by several layers: add {part.Description}");
                w.Line($"{statement}");
            }
        }
    }

    private static void Penalty(CodeWriter w, ModelPlan plan)
    {
        var regularized = plan.Regularized;
        w.Line();
        w.Line($"/// <inheritdoc/>");
        if (regularized.IsEmpty)
        {
            w.Line($"public override double Penalty() => 0; // no kernel regularizer");
            return;
        }
        w.Line($"public override double Penalty() =>");
        for (int i = 0; i < regularized.Count; i++)
        {
            var op = regularized[i];
            var r = op.Regularization!;
            string term = $"{RegularizationMath}.Penalty(Parameters.Slice({OffsetConstant(op.Weights)}, {op.Weights.LengthProduct}), {Literals.Float(r.L1)}, {Literals.Float(r.L2)})";
            w.Line($"    {(i == 0 ? "" : "+ ")}{term}{(i == regularized.Count - 1 ? ";" : "")} // {op.Name}");
        }
    }
}
