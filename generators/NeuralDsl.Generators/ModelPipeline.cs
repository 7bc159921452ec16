using NeuralDsl.Generators.Emit.Cpu;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators;

/// <summary>The steps after shape inference: a model without errors is planned and emitted; a model
/// with errors only reports them (emitting it would add follow-on errors to the real ones).</summary>
internal static class ModelPipeline
{
    public static GeneratedModel Generate(ShapedModel model)
    {
        string hint = model.Spec.FullName + ".g.cs";
        if (model.HasErrors) return new GeneratedModel(hint, null, model.Diagnostics);
        var plan = ModelPlanner.Plan(model);
        return new GeneratedModel(plan.HintName, CpuModelEmitter.Emit(plan), model.Diagnostics);
    }
}
