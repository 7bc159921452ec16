using System.Linq;
using NeuralDsl.Generators.Shapes;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit;

/// <summary>
/// For a model whose attributes have errors: the class's public surface (the base class, the constructor with its seed,
/// the size constants, the typed vectors, <c>Load</c>) with bodies that throw, so that the code using the model still
/// compiles and the NDSL errors are all the build reports. A size that could not be inferred is 0 (the vectors then
/// hold one value, the smallest inline array).
/// </summary>
internal static class ErrorSurfaceEmitter
{
    public static string Emit(ShapedModel model)
    {
        var spec = model.Spec;
        string ids = string.Join(", ", model.Errors.Select(d => d.Descriptor.Id).Distinct());
        if (ids.Length == 0) ids = "the compiler's errors on its attributes";
        int inputSize = model.Input?.Size ?? 0, outputSize = model.Output?.Size ?? 0;
        string message = $"{spec.ClassName} cannot be used: its NeuralDsl attributes have errors ({ids}). Fix them and rebuild.";
        const string failure = "ModelHasErrors()";

        return ModelFile.Write(spec,
            $"NeuralDsl could not generate {spec.FullName}: its attributes have errors ({ids}). These members keep the code that uses it compiling; they throw.",
            "A model with errors in its attributes; see the NDSL diagnostics.",
            w =>
            {
                w.Line($"/// <summary>Values in one input row (0 when it could not be inferred).</summary>");
                w.Line($"public const int InputSize = {inputSize};");
                w.Line($"/// <summary>Values in one output row (0 when it could not be inferred).</summary>");
                w.Line($"public const int OutputSize = {outputSize};");
                w.Line($"/// <summary>Weights and biases in the parameter buffer (not counted for a model with errors).</summary>");
                w.Line($"public const int ParameterCount = 0;");
                w.Line();
                w.Line($"private static global::System.InvalidOperationException ModelHasErrors() => new({Common.Literals.String(message)});");
                w.Line();
                w.Line($"private static {ModelInfo} NoModelInfo() => throw {failure};");
                w.Line();
                w.Line($"/// <summary>Throws: the model's attributes have errors.</summary>");
                w.Line($"public {spec.ClassName}(int? seed = null) : base(NoModelInfo(), seed) {{ }}");
                w.Line();
                w.Line($"/// <summary>Throws: the model's attributes have errors.</summary>");
                w.Line($"public static {spec.DeclaredName} Load(string path) => throw {failure};");
                w.Line();
                if (spec.Layers.OfType<Reading.ReuseSpec>().FirstOrDefault() is { } reuse)
                {
                    w.Line($"/// <summary>Throws: the model's attributes have errors.</summary>");
                    w.Line($"public void CopyWeightsFrom({reuse.SourceFullName} source) => throw {failure};");
                    w.Line();
                }
                ModelEmitter.Vector(w, "InputVector", "One input row", Common.Literals.Int(inputSize) + " values", inputSize > 0 ? "InputSize" : "1");
                w.Line();
                ModelEmitter.Vector(w, "OutputVector", "One output row", Common.Literals.Int(outputSize) + " values", outputSize > 0 ? "OutputSize" : "1");
                w.Line();
                w.Line($"/// <summary>Throws: the model's attributes have errors.</summary>");
                w.Line($"public OutputVector Predict(in InputVector input) => throw {failure};");
                w.Line();
                w.Line($"/// <inheritdoc/>");
                w.Line($"protected override void InitializeParameters({RandomSource} random) => throw {failure};");
                w.Line();
                w.Line($"/// <inheritdoc/>");
                w.Line($"protected override {CpuPasses} CreateCpuPasses() => throw {failure};");
                w.Line();
                w.Line($"/// <inheritdoc/>");
                w.Line($"protected override {OpenClPasses} OpenClPasses => throw {failure};");
            });
    }
}
