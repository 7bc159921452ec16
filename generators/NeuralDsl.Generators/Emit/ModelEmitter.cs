using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Emit.Cpu;
using NeuralDsl.Generators.Emit.OpenCl;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Reading;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit;

/// <summary>
/// Writes a planned model's file: the members every backend shares (sizes as constants, the model description for the
/// runtime, the constructor, <c>Load</c>, the typed vectors and the initializers), then the CPU backend's part
/// (<see cref="CpuEmitter"/>) and the OpenCL backend's part (<see cref="OpenClEmitter"/>).
/// </summary>
internal static class ModelEmitter
{
    public static string Emit(ModelPlan plan) =>
        ModelFile.Write(plan.Spec,
            $"NeuralDsl generated this model from the layer attributes on {plan.Spec.FullName}. Do not edit it by hand.",
            "Layers: " + string.Join("; ", plan.Ops.Select(op => op.Summary)) + ".",
            w =>
            {
                Constants(w, plan);
                Description(w, plan);
                Api(w, plan);
                Initialization(w, plan);
                CpuEmitter.Emit(w, plan);
                OpenClEmitter.Emit(w, plan);
            });

    private static void Constants(CodeWriter w, ModelPlan plan)
    {
        w.Line($"/// <summary>Values in one input row ({plan.InputShape}).</summary>");
        w.Line($"public const int InputSize = {plan.InputSize};");
        w.Line($"/// <summary>Values in one output row ({plan.OutputShape}).</summary>");
        w.Line($"public const int OutputSize = {plan.OutputSize};");
        w.Line($"/// <summary>Values in the parameter buffer: weights, biases and state (Keras's \"Total params\").</summary>");
        w.Line($"public const int ParameterCount = {plan.ParameterCount};");
        w.Line();
        w.Line($"// Output size per row of each layer (Keras layer name in the summary).");
        foreach (var op in plan.Ops)
        {
            w.Line($"/// <summary>{op.Name}: {op.Output} values per row.</summary>");
            w.Line($"public const int {OutputSizeConstant(op.Name)} = {op.Output.Size};");
        }

        var tensors = plan.Tensors;
        if (tensors.IsEmpty) return;
        w.Line();
        w.Line($"// Offsets of each tensor in the parameter buffer.");
        var declarations = tensors.Select(t => $"private const int {OffsetConstant(t)} = {Literals.Int(t.Offset)};").ToList();
        int width = declarations.Max(d => d.Length);
        for (int i = 0; i < tensors.Count; i++)
            w.Line($"{declarations[i].PadRight(width)} // {tensors[i].Name} {tensors[i].ShapeText}");
    }

    /// <summary>What the runtime knows of the model: names, shapes, loss, metrics, and of each layer its tensors, the layers it
    /// reads and what it computes (<see cref="LayerDescriptions"/>).</summary>
    private static void Description(CodeWriter w, ModelPlan plan)
    {
        w.Line();
        w.Line($"private static readonly {ModelInfo} s_info = new(");
        w.Line($"    Name: {Literals.String(plan.ModelName)},");
        w.Line($"    InputShape: {plan.InputShape.ToCollectionExpression()},");
        w.Line($"    InputSize: InputSize,");
        w.Line($"    OutputSize: OutputSize,");
        w.Line($"    ParameterCount: ParameterCount,");
        w.Line($"    Loss: {LossValue(plan.Loss)},");
        w.Line($"    Metrics: {MetricsValue(plan.Metrics)},");
        w.Line($"    Layers:");
        w.Line($"    [");
        foreach (var op in plan.Ops)
        {
            string head = $"        new {LayerInfo}({Literals.String(op.Name)}, {Literals.String(op.Type)}, {op.Output.ToCollectionExpression()}, {Literals.Int(op.ParameterCount)}, ";
            string tail = (op.Trainable ? "" : ", Trainable: false") +
                $", Inputs: [{string.Join(", ", op.Producers.Select(Literals.Int))}], Description: {op.Accept(LayerDescriptions.Instance)}";
            if (op.Tensors.IsEmpty)
            {
                w.Line($"{head}[]{tail}),");
                continue;
            }
            w.Line($"{head}[");
            foreach (var t in op.Tensors)
                w.Line($"            new {SafeTensor}({Literals.String(t.Name)}, {t.ShapeText}, {OffsetConstant(t)}, {t.Length}{(t.Role == TensorRole.State ? ", " + TensorRoleState : "")}),");
            w.Line($"        ]{tail}),");
        }
        w.Line($"    ]);");
        w.Line();
    }

    private static void Api(CodeWriter w, ModelPlan plan)
    {
        string name = plan.Spec.ClassName;
        w.Line($"/// <summary>Creates the model with freshly initialised weights; the same seed gives the same weights, masks and shuffles.</summary>");
        w.Line($"public {name}(int? seed = null) : base(s_info, seed) {{ }}");
        w.Line();
        w.Line($"/// <summary>Loads weights written by <see cref=\"{SequentialModel}.Save\"/>.</summary>");
        using (w.Block($"public static {name} Load(string path)"))
        {
            w.Line($"var model = new {name}(seed: 0);");
            w.Line($"model.LoadWeights(path);");
            w.Line($"return model;");
        }
        w.Line();
        CopyWeightsFrom(w, plan);
        Vector(w, "InputVector", "One input row", plan.InputShape.ToString(), "InputSize");
        w.Line();
        Vector(w, "OutputVector", "One output row", plan.OutputShape.ToString(), "OutputSize");
        w.Line();
        w.Line($"/// <summary>Predicts one row without allocating.</summary>");
        using (w.Block($"public OutputVector Predict(in InputVector input)"))
        {
            w.Line($"var output = new OutputVector();");
            w.Line($"Predict(({ReadOnlySpan})input, ({Span})output);");
            w.Line($"return output;");
        }
        w.Line();
    }

    /// <summary>For a model that starts with <c>[Reuse]</c>: <c>CopyWeightsFrom(Source source)</c>, typed so that only the reused
    /// model compiles there, copying the reused layers' tensors by name.</summary>
    private static void CopyWeightsFrom(CodeWriter w, ModelPlan plan)
    {
        if (plan.Spec.Layers.OfType<ReuseSpec>().FirstOrDefault() is not { } reuse) return;
        var reused = plan.Ops.Take(reuse.Layers.Count - 1).ToList(); // the reused layers come first (the input is not an op)
        var tensors = reused.SelectMany(op => op.Tensors).Select(t => Literals.String(t.Name)).ToList();
        w.Line($"/// <summary>Copies the weights of the layers reused from {reuse.SourceName} ({string.Join(", ", reused.Select(op => op.Name))}) out of");
        w.Line($"/// <paramref name=\"source\"/>, tensor by tensor by name; the other layers keep theirs.</summary>");
        w.Line($"public void CopyWeightsFrom({reuse.SourceFullName} source) => CopyWeightsFrom(source, [{string.Join(", ", tensors)}]);");
        w.Line();
    }

    /// <summary>A fixed-size inline array of one row, so that rows of models of different widths do not mix.</summary>
    internal static void Vector(CodeWriter w, string type, string what, string shape, string length)
    {
        w.Line($"/// <summary>{what} ({shape}), typed by this model's width.</summary>");
        w.Line($"[{InlineArray}({length})]");
        using (w.Block($"public struct {type}"))
            w.Line($"private float _element0;");
    }

    private static void Initialization(CodeWriter w, ModelPlan plan)
    {
        w.Line($"/// <inheritdoc/>");
        using (w.Block($"protected override void InitializeParameters({RandomSource} random)"))
        {
            var weighted = plan.Ops.Where(op => !op.Tensors.IsEmpty).ToList();
            if (weighted.Count == 0) w.Line($"// No layer has parameters.");
            for (int i = 0; i < weighted.Count; i++)
            {
                var op = weighted[i];
                if (i > 0) w.Line();
                w.Line($"// {op.Name}: {string.Join(", ", op.Tensors.Select(t => ContractNames.Keras(t.Initializer) + " " + t.Name.Substring(op.Name.Length + 1)))}");
                foreach (var t in op.Tensors)
                    w.Line($"global::NeuralDsl.Cpu.InitializerMath.Fill({InitializerValue(t.Initializer)}, Parameters.Slice({OffsetConstant(t)}, {t.LengthProduct}), fanIn: {op.FanIn}, fanOut: {op.FanOut}, random);");
            }
        }
    }
}
