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
/// its kernels. The program holds the model's own kernels (batch gather, loss gradient, regularization penalty), then
/// per layer its forward kernels beside its backward kernels (<see cref="OpenClLayer"/>).
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
            w.Line($"        workspaceWidth: {code.WorkspaceWidth}, targetSlot: {code.TargetSlot}, outputSlot: {code.OutputSlot}, penaltyKernel: {code.PenaltyKernel})");
            w.Line($"{{");
            w.Line($"}}");
            Pass(w, plan, "Forward", code.Forward, "Enqueues the forward pass over the batch in the input slot.");
            Pass(w, plan, "Backward", code.Backward, "Enqueues the backward pass after a training forward pass: dL/dθ into the gradient buffer.");
        }
    }

    /// <summary>Writes the program: model kernels first (the gather kernel at <c>OpenClAbi.GatherKernel</c>), then the layers.</summary>
    internal static OpenClCode Program(ModelPlan plan)
    {
        var program = new OpenClProgramBuilder(plan);
        Gather(program);
        if (plan.OutputGradient != OutputGradientKind.None) LossGradient(program);
        Penalty(program);
        foreach (var op in plan.Ops)
        {
            var layer = op.Accept(OpenClLayers.Instance);
            program.BeginLayer();
            layer.WriteForward(program);
            if (op.RunsBackward) layer.WriteBackward(program);
        }
        return program.Build();
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
                w.Line($"// Each layer runs backward only while it or a layer below it trains (SetTrainable may change which at run time).");
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
                call = l.Role switch
                {
                    LaunchRole.WeightGradients => $"if (launch.Trains({Literals.Int(l.Layer)})) {call}",
                    LaunchRole.InputGradient => $"if (launch.FirstTrainableLayer < {Literals.Int(l.Layer)}) {call}",
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

    /// <summary>dL/d(output) of the batch-mean loss into the last layer's output gradient: the loss's derivative, or
    /// <c>p − y</c> where the plan fused the output activation with the loss.</summary>
    private static void LossGradient(OpenClProgramBuilder program)
    {
        var plan = program.Plan;
        var source = program.Source;
        int columns = plan.OutputSize;
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
        string scale = meanOverColumns ? $"1.0f / (rows * {Literals.OpenClFloat(columns)})" : "1.0f / rows";
        int kernel = program.Kernel("loss_gradient");
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
        program.LossGradient(new OpenClLaunch(kernel, "loss_gradient", LaunchShape.Each, RowsTimes(columns), 0, "loss gradient"));
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
            foreach (var op in regularized)
            {
                var r = op.Regularization!;
                var terms = new System.Collections.Generic.List<string>();
                if (r.L1 != 0) terms.Add(Literals.OpenClFloat(r.L1) + " * fabs(v)");
                if (r.L2 != 0) terms.Add(Literals.OpenClFloat(r.L2) + " * v * v");
                source.Line($"for (int k = t; k < {op.Weights.Length}; k += PENALTY_GROUP) {{ const float v = p[{Tensor(op.Weights)} + k]; sum += {string.Join(" + ", terms)}; }} // {op.Name}");
            }
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
}
