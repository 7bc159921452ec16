using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using NeuralDsl.OpenCl;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// The OpenCL backend's part of a model: one OpenCL C program with every size a literal (the <c>OpenClSource</c>
/// constant) and a nested class over <c>NeuralDsl.OpenCl.OpenClPasses</c> that describes it to the runtime and launches
/// its kernels. The program holds the model's own kernels (batch gather, batch metrics, loss gradient, regularization
/// penalty), then per layer its forward kernels beside its backward kernels (<see cref="OpenClLayer"/>).
/// </summary>
internal static class OpenClEmitter
{
    private const string PassesClass = "GeneratedOpenClPasses";

    public static void Emit(CodeWriter w, ModelPlan plan)
    {
        var code = Program(plan);
        w.Line();
        w.Line($"// ---- OpenCL backend: the same passes as OpenCL C kernels, used after UseDevice(Device.OpenCl()) ----");
        w.Line();
        w.Line($"/// <summary>This model's OpenCL C program, every size a constant; the runtime builds it once per device.</summary>");
        w.Line($"public const string OpenClSource = \"\"\"");
        foreach (var line in code.Source.TrimEnd('\n').Split('\n')) w.Line($"    {line}");
        w.Line($"    \"\"\";");
        w.Line();
        w.Line($"/// <inheritdoc/>");
        w.Line($"protected override {OpenClPasses} OpenClPasses => {PassesClass}.Instance;");
        w.Line();
        w.Line($"/// <summary>The OpenCL program of {plan.Spec.ClassName} described for the runtime, and its passes as kernel launches.</summary>");
        using (w.Block($"private sealed class {PassesClass} : {OpenClPasses}"))
        {
            w.Line($"public static readonly {PassesClass} Instance = new();");
            w.Line();
            w.Line($"private {PassesClass}()");
            w.Line($"    : base(OpenClSource,");
            w.Line($"        kernels: [{string.Join(", ", code.Kernels.Select(Literals.String))}],");
            w.Line($"        workspaceWidth: {code.WorkspaceWidth}, targetSlot: {code.TargetSlot}, outputSlot: {code.OutputSlot},");
            w.Line($"        metricsKernel: {code.MetricsKernel}, lossGradientKernel: {code.LossGradientKernel}, penaltyKernel: {code.PenaltyKernel})");
            w.Line($"{{");
            w.Line($"}}");
            Pass(w, plan, "Forward", code.Forward, "Enqueues the forward pass over the batch in the input slot.");
            Pass(w, plan, "Backward", code.Backward,
                "Enqueues the backward pass after a training forward pass and its output gradient (batch_metrics or loss_gradient): dL/dθ into the gradient buffer.");
        }
    }

    /// <summary>Writes the program: model kernels first (the gather kernel at <c>OpenClAbi.GatherKernel</c>), then the layers.</summary>
    internal static OpenClCode Program(ModelPlan plan)
    {
        var program = new OpenClProgramBuilder(plan);
        Gather(program);
        BatchMetrics(program);
        if (plan.OutputGradient != OutputGradientKind.None) LossGradient(program);
        Penalty(program);
        foreach (var op in plan.Ops)
        {
            var layer = op.Accept(OpenClLayers.Instance);
            program.BeginLayer();
            layer.WriteForward(program);
            if (!op.Buffers.GradientParts.IsEmpty) GradientSum(program, op);
            if (op.RunsBackward) layer.WriteBackward(program);
        }
        return program.Build();
    }

    /// <summary>A layer read by several layers: before its backward pass, adds its other readers' shares of its gradient.</summary>
    private static void GradientSum(OpenClProgramBuilder program, OpPlan op)
    {
        string name = op.Name + "_gradient_sum", count = RowsTimes(op.Output.Size);
        var parts = op.Buffers.GradientParts;
        int kernel = OpenClLayer.EachKernel(program, name,
            $"{op.Name} is read by {Literals.Int(parts.Count + 1)} layers: their shares of dL/d({op.Name} output) added up, one work-item per value.", count,
            body => body.Line($"{Slot(op.Buffers.OutputGradient)}[e] += {string.Join(" + ", parts.Select(part => Slot(part) + "[e]"))};"));
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, op.Name + " gradient from every reader"));
    }

    private static void Pass(CodeWriter w, ModelPlan plan, string method, EquatableArray<OpenClLaunch> launches, string summary)
    {
        w.Line();
        w.Line($"/// <summary>{summary}</summary>");
        using (w.Block($"public override void {method}({OpenClLauncher} launch, int rows)"))
        {
            if (launches.IsEmpty) w.Line($"// Nothing to launch: {(method == "Forward" ? "every layer is a reshape" : "no layer has parameters")}.");
            bool backward = method == "Backward" && !launches.IsEmpty;
            if (backward)
                w.Line($"// Each layer runs backward only while it or a layer upstream of it trains (SetTrainable may change which at run time).");
            var lines = new System.Collections.Generic.List<(string? Guard, string Call, string Comment)>();
            int layer = -1;
            foreach (var l in launches)
            {
                if (backward && l.Layer >= 0 && l.Layer != layer)
                {
                    layer = l.Layer;
                    lines.Add(($"if (launch.FirstTrainableLayer > {Literals.Int(layer)}) return;", "", $"nothing from {plan.Ops[layer].Name} down trains"));
                }
                string call = l.Shape == LaunchShape.Product
                    ? $"launch.Product({Literals.Int(l.Kernel)}, {l.Size}, {Literals.Int(l.Columns)});"
                    : $"launch.Each({Literals.Int(l.Kernel)}, {l.Size});";
                string index = Literals.Int(l.Layer);
                call = l.Role switch
                {
                    LaunchRole.WeightGradients or LaunchRole.WhileTraining => $"if (launch.Trains({index})) {call}",
                    LaunchRole.WhileFrozen => $"if (!launch.Trains({index})) {call}",
                    LaunchRole.InputGradient => $"if (launch.FirstTrainableLayer < {index}) {call}",
                    LaunchRole.InputGradientWhileTraining => $"if (launch.FirstTrainableLayer < {index} && launch.Trains({index})) {call}",
                    LaunchRole.InputGradientWhileFrozen => $"if (launch.FirstTrainableLayer < {index} && !launch.Trains({index})) {call}",
                    _ => call,
                };
                lines.Add((null, call, $"{l.KernelName}: {l.Comment}"));
            }
            int width = lines.Count == 0 ? 0 : lines.Max(line => (line.Guard ?? line.Call).Length);
            foreach (var line in lines)
                w.Line($"{(line.Guard ?? line.Call).PadRight(width)} // {line.Comment}");
        }
    }

    /// <summary>Copies rows <c>order[first ..]</c> of the training set kept on the device into the input and target slots.</summary>
    private static void Gather(OpenClProgramBuilder program)
    {
        var source = program.Source;
        int inputs = program.Plan.InputSize, outputs = program.Plan.OutputSize;
        int kernel = program.Kernel("gather_batch");
        System.Diagnostics.Debug.Assert(kernel == OpenClAbi.GatherKernel);
        source.Line($"// Copies rows order[first ..] of the training set kept on the device into the input and target slots.");
        source.Line($"// Launched over max(input, target width) x rows.");
        using (source.Block($"__kernel void gather_batch({OpenClPrelude.GatherArguments})"))
        {
            source.Line($"const int column = get_global_id(0), r = get_global_id(1);");
            source.Line($"if (r >= rows) return;");
            source.Line($"const size_t source = (size_t)order[first + r];");
            source.Line($"if (column < {inputs}) SLOT(X_SLOT)[(size_t)r * {inputs} + column] = data_x[source * {inputs} + column];");
            source.Line($"if (column < {outputs}) SLOT(Y_SLOT)[(size_t)r * {outputs} + column] = data_y[source * {outputs} + column];");
        }
        source.Line();
    }

    /// <summary>dL/d(output) of one value (an expression in <c>a</c>, the output, and <c>y</c>, its target), its batch-mean
    /// scale (an expression in <c>rows</c>) and a comment: the loss's derivative, or <c>p − y</c> where the plan fused the
    /// output activation with the loss.</summary>
    private static (string Derivative, string Scale, string Comment) OutputGradient(OpenClProgramBuilder program)
    {
        var plan = program.Plan;
        var last = plan.Last;
        string derivative, comment;
        bool meanOverColumns;
        switch (plan.OutputGradient)
        {
            case OutputGradientKind.SoftmaxCrossEntropy:
                (derivative, meanOverColumns) = ("a - y", OpenClFormulas.ForLoss(Loss.CategoricalCrossentropy).MeanOverColumns);
                comment = $"Softmax fused with categorical cross-entropy: dL/dz = (p - y) / rows, written for {last.Name}.";
                break;
            case OutputGradientKind.SigmoidCrossEntropy:
                (derivative, meanOverColumns) = ("a - y", OpenClFormulas.ForLoss(Loss.BinaryCrossentropy).MeanOverColumns);
                comment = $"Sigmoid fused with binary cross-entropy: dL/dz = (p - y) / (rows * columns), written for {last.Name}.";
                break;
            default:
                (derivative, meanOverColumns) = (program.Prelude.LossDerivative(plan.Loss) + "(a, y)", OpenClFormulas.ForLoss(plan.Loss).MeanOverColumns);
                comment = $"dL/d(output) of the batch-mean {plan.Loss} loss, for {last.Name}.";
                break;
        }
        string scale = meanOverColumns ? $"1.0f / (rows * {Literals.OpenClFloat(plan.OutputSize)})" : "1.0f / rows";
        return (derivative, scale, comment);
    }

    /// <summary>dL/d(output) of the batch-mean loss into the last layer's output gradient, on its own: for a backward pass
    /// whose forward pass was not followed by the batch metrics (which write it too), as in <c>ComputeGradients</c>.</summary>
    private static void LossGradient(OpenClProgramBuilder program)
    {
        var plan = program.Plan;
        var source = program.Source;
        int columns = plan.OutputSize;
        var last = plan.Last;
        var (derivative, scale, comment) = OutputGradient(program);
        program.LossGradientKernel = program.Kernel("loss_gradient");
        source.Line($"// {comment}");
        using (source.Block($"__kernel void loss_gradient(MODEL_ARGS)"))
        {
            source.Line($"const int e = get_global_id(0);");
            source.Line($"if (e >= {RowsTimes(columns)}) return;");
            // a: the model's output (p in the formulas; p is the parameter buffer here).
            source.Line($"const float a = {Slot(last.Buffers.Output)}[e], y = SLOT(Y_SLOT)[e], scale = {scale};");
            source.Line($"{Slot(last.Buffers.OutputGradient)}[e] = ({derivative}) * scale;");
        }
        source.Line();
    }

    /// <summary>
    /// A batch's loss and metrics, summed on the device so that a training step never reads its outputs back: one
    /// work-group walks the batch, adds the loss of every value, counts the correct predictions and the confusion counts
    /// per class (the rules of the host's <c>MetricsAccumulator</c>: binary outputs thresholded at 0.5, categorical ones by
    /// arg-max), adds the regularization penalty, writes the batch's mean loss to its slot, records the first slot
    /// whose loss is not finite, and after a training pass also writes dL/d(output), so no separate loss-gradient launch
    /// is needed.
    /// </summary>
    private static void BatchMetrics(OpenClProgramBuilder program)
    {
        var plan = program.Plan;
        var source = program.Source;
        var last = plan.Last;
        int columns = plan.OutputSize;
        bool binary = columns == 1 || plan.Loss == Loss.BinaryCrossentropy; // ModelInfo.IsBinary
        int classes = binary ? 1 : columns;
        bool meanOverColumns = OpenClFormulas.ForLoss(plan.Loss).MeanOverColumns;
        bool writesGradient = plan.OutputGradient != OutputGradientKind.None;
        string lossValue = program.Prelude.LossValue(plan.Loss);
        bool regularized = !plan.Regularized.IsEmpty;
        program.MetricsKernel = program.Kernel("batch_metrics");

        source.Line($"// The loss and metrics of the batch in the workspace, summed in one work-group into the epoch's sums: the batch's");
        source.Line($"// mean {plan.Loss} loss{(plan.Regularized.IsEmpty ? "" : " plus the regularization penalty")} into losses[slot], the first slot whose loss is not finite,");
        string rule = binary ? "of outputs thresholded at 0.5" : $"per class by arg-max of the {classes} outputs";
        source.Line($"// and the correct predictions, true and false positives and false negatives {rule}.");
        if (writesGradient)
        {
            var (_, _, comment) = OutputGradient(program);
            source.Line($"// After a training pass it also writes dL/d(output) for the backward pass:");
            source.Line($"// {comment}");
        }
        source.Line($"__kernel __attribute__((reqd_work_group_size(METRICS_GROUP, 1, 1)))");
        using (source.Block($"void batch_metrics(METRICS_ARGS)"))
        {
            source.Line($"__local float loss_part[METRICS_GROUP]{(regularized ? ", penalty_part[METRICS_GROUP]" : "")};");
            source.Line($"__local int correct_part[METRICS_GROUP];");
            source.Line($"__local int confusion[{Literals.Int(3 * classes)}]; // true positives, false positives, false negatives per class");
            source.Line($"const int t = get_local_id(0);");
            source.Line($"for (int c = t; c < {Literals.Int(3 * classes)}; c += METRICS_GROUP) confusion[c] = 0;");
            source.Line($"barrier(CLK_LOCAL_MEM_FENCE);");
            source.Line($"__global const float* output = {Slot(last.Buffers.Output)};");
            source.Line($"__global const float* target = SLOT(Y_SLOT);");
            if (writesGradient)
            {
                var (_, scale, _) = OutputGradient(program);
                source.Line($"__global float* gradient = {Slot(last.Buffers.OutputGradient)};");
                source.Line($"const int training = mode != MODE_INFERENCE;");
                source.Line($"const float scale = {scale};");
            }
            source.Line($"float loss = 0.0f;");
            source.Line($"int correct = 0;");
            string derivative = writesGradient ? OutputGradient(program).Derivative : "";
            if (binary)
            {
                using (source.Block($"for (int e = t; e < {RowsTimes(columns)}; e += METRICS_GROUP)"))
                {
                    source.Line($"const float a = output[e], y = target[e];");
                    source.Line($"loss += {lossValue}(a, y);");
                    if (writesGradient) source.Line($"if (training) gradient[e] = ({derivative}) * scale;");
                    source.Line($"const int predicted = a > 0.5f, actual = y > 0.5f;");
                    source.Line($"if (predicted == actual) correct++;");
                    source.Line($"if (predicted && actual) atomic_inc(&confusion[0]);");
                    source.Line($"else if (predicted) atomic_inc(&confusion[1]);");
                    source.Line($"else if (actual) atomic_inc(&confusion[2]);");
                }
            }
            else
            {
                using (source.Block($"for (int r = t; r < rows; r += METRICS_GROUP)"))
                {
                    source.Line($"const int row = r * {Literals.Int(columns)};");
                    source.Line($"int predicted = 0, actual = 0;");
                    using (source.Block($"for (int j = 0; j < {Literals.Int(columns)}; j++)"))
                    {
                        source.Line($"const float a = output[row + j], y = target[row + j];");
                        source.Line($"loss += {lossValue}(a, y);");
                        if (writesGradient) source.Line($"if (training) gradient[row + j] = ({derivative}) * scale;");
                        source.Line($"if (a > output[row + predicted]) predicted = j; // the first of equal maxima, as on the host");
                        source.Line($"if (y > target[row + actual]) actual = j;");
                    }
                    source.Line($"if (predicted == actual) {{ correct++; atomic_inc(&confusion[actual]); }}");
                    source.Line($"else {{ atomic_inc(&confusion[{Literals.Int(classes)} + predicted]); atomic_inc(&confusion[{Literals.Int(2 * classes)} + actual]); }}");
                }
            }
            if (regularized)
            {
                source.Line($"float penalty = 0.0f; // the kernel regularizers' penalty of the weights this pass used");
                foreach (var line in PenaltyTerms(program.Plan, "t", "METRICS_GROUP", "penalty")) source.Line($"{line}");
            }
            source.Line($"loss_part[t] = loss;");
            if (regularized) source.Line($"penalty_part[t] = penalty;");
            source.Line($"correct_part[t] = correct;");
            source.Line($"barrier(CLK_LOCAL_MEM_FENCE);");
            using (source.Block($"for (int width = METRICS_GROUP / 2; width > 0; width >>= 1)"))
            {
                using (source.Block($"if (t < width)"))
                {
                    source.Line($"loss_part[t] += loss_part[t + width];");
                    if (regularized) source.Line($"penalty_part[t] += penalty_part[t + width];");
                    source.Line($"correct_part[t] += correct_part[t + width];");
                }
                source.Line($"barrier(CLK_LOCAL_MEM_FENCE);");
            }
            // One work-group per launch and launches in order: plain read-modify-writes of the counts are safe.
            source.Line($"for (int c = t; c < {Literals.Int(3 * classes)}; c += METRICS_GROUP) counts[METRICS_CONFUSION + c] += confusion[c];");
            using (source.Block($"if (t == 0)"))
            {
                string mean = meanOverColumns && columns > 1 ? $"loss_part[0] / {Literals.OpenClFloat(columns)} / rows" : "loss_part[0] / rows";
                source.Line($"const float batch_loss = {mean}{(regularized ? " + penalty_part[0]" : "")};");
                source.Line($"losses[slot] = batch_loss;");
                source.Line($"if (!isfinite(batch_loss)) counts[METRICS_FIRST_NON_FINITE] = min(counts[METRICS_FIRST_NON_FINITE], slot);");
                source.Line($"counts[METRICS_CORRECT] += correct_part[0];");
            }
        }
        source.Line();
    }

    /// <summary>The kernel regularizers' penalty, <c>Σ l1·|w| + l2·w²</c> over the layers, reduced in one work-group.</summary>
    private static void Penalty(OpenClProgramBuilder program)
    {
        var regularized = program.Plan.Regularized;
        if (regularized.IsEmpty) return;
        var source = program.Source;
        program.PenaltyKernel = program.Kernel("regularization_penalty");
        source.Line($"// The kernel regularizers' penalty, sum over layers of l1 * sum|w| + l2 * sum w^2, reduced in one work-group into s[PENALTY_SCALAR].");
        source.Line($"__kernel __attribute__((reqd_work_group_size(PENALTY_GROUP, 1, 1)))");
        using (source.Block($"void regularization_penalty(MODEL_ARGS)"))
        {
            source.Line($"__local float part[PENALTY_GROUP];");
            source.Line($"const int t = get_local_id(0);");
            source.Line($"float sum = 0.0f;");
            foreach (var line in PenaltyTerms(program.Plan, "t", "PENALTY_GROUP", "sum")) source.Line($"{line}");
            source.Line($"part[t] = sum;");
            source.Line($"barrier(CLK_LOCAL_MEM_FENCE);");
            using (source.Block($"for (int width = PENALTY_GROUP / 2; width > 0; width >>= 1)"))
            {
                source.Line($"if (t < width) part[t] += part[t + width];");
                source.Line($"barrier(CLK_LOCAL_MEM_FENCE);");
            }
            source.Line($"if (t == 0) s[PENALTY_SCALAR] = part[0];");
        }
        source.Line();
    }

    /// <summary>The loops adding work-item <paramref name="item"/>'s share of the penalty to <paramref name="sum"/>, one per
    /// regularized layer (none without regularizers).</summary>
    private static System.Collections.Generic.IEnumerable<string> PenaltyTerms(ModelPlan plan, string item, string group, string sum)
    {
        foreach (var op in plan.Regularized)
        {
            var r = op.Regularization!;
            var terms = new System.Collections.Generic.List<string>();
            if (r.L1 != 0) terms.Add(Literals.OpenClFloat(r.L1) + " * fabs(v)");
            if (r.L2 != 0) terms.Add(Literals.OpenClFloat(r.L2) + " * v * v");
            yield return $"for (int k = {item}; k < {op.Weights.Length}; k += {group}) {{ const float v = p[{Tensor(op.Weights)} + k]; {sum} += {string.Join(" + ", terms)}; }} // {op.Name}";
        }
    }
}
