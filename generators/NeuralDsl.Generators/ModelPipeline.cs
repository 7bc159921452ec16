using NeuralDsl.Generators.Emit;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators;

/// <summary>The steps after shape inference: a model without errors is planned and emitted. A model with errors gets
/// only its public surface, with throwing bodies, so that its NDSL errors are not followed by errors at every use of it;
/// a class that cannot take a generated partial declaration (not partial, static, a record…) gets nothing.</summary>
internal static class ModelPipeline
{
    public static GeneratedModel Generate(ShapedModel model)
    {
        var spec = model.Spec;
        if (!model.HasErrors) return new GeneratedModel(spec.HintName, ModelEmitter.Emit(ModelPlanner.Plan(model)), model.Diagnostics);
        return new GeneratedModel(spec.HintName, spec.CanDeclareMembers ? ErrorSurfaceEmitter.Emit(model) : null, model.Diagnostics);
    }
}
