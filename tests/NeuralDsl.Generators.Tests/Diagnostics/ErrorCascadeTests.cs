using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Tests.Infrastructure;

namespace NeuralDsl.Generators.Tests.Diagnostics;

/// <summary>
/// A model with errors still gets its public surface, so a program that uses it reports the NDSL error and nothing
/// else: no CS1739 ("no parameter named 'seed'") or CS1061 ("no definition for 'Fit'") at each use.
/// </summary>
public sealed partial class ErrorCascadeTests
{
    /// <summary>Errors that make the class itself unusable as a model: it is not partial (or sits in a type that is
    /// not), it is static, abstract or a record, or derives from another class, or it has no [Model] at all. No
    /// generated member can be added to such a class, so its uses fail whatever the generator does.</summary>
    private static readonly string[] ClassShapeErrors = ["NDSL001", "NDSL002", "NDSL017", "NDSL018"];

    /// <summary>Warnings: the model is generated in full, so there is no error to cascade.</summary>
    private static readonly string[] Warnings = ["NDSL038"];

    public static TheoryData<string, int> ModelErrors => Cases(shape: false);

    public static TheoryData<string, int> ClassErrors => Cases(shape: true);

    [Theory]
    [MemberData(nameof(ModelErrors))]
    public void A_program_using_an_invalid_model_reports_only_the_ndsl_error(string id, int index)
    {
        var testCase = DiagnosticCases.All[index];
        string model = UsableName(testCase.Source);
        var run = GeneratorHarness.Run(testCase.Source, $$"""
            public static class Program
            {
                public static void Use(float[] x, float[] y)
                {
                    var model = new {{model}}(seed: 1);
                    model.Fit(x, y, new NeuralDsl.FitOptions { Epochs = 1 });
                    NeuralDsl.Evaluation result = model.Evaluate(x, y);
                    string summary = model.Summary();
                    int inputs = {{model}}.InputSize;
                    System.Console.WriteLine(summary + inputs + result.Loss);
                }
            }
            """);

        var errors = run.GeneratorDiagnostics.Concat(run.CompilationDiagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 1 && errors[0].Id == id,
            $"Expected only {id}, got:\n{string.Join("\n", errors)}\nGenerated:\n{string.Join("\n", run.GeneratedSources.Values)}");
    }

    [Theory]
    [MemberData(nameof(ClassErrors))]
    public void A_class_that_cannot_be_a_model_gets_no_generated_code(string id, int index)
    {
        var run = GeneratorHarness.Run(DiagnosticCases.All[index].Source);

        Assert.Equal(id, Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.GeneratedSources); // a partial declaration of it would itself be an error (CS0260, CS0263…)
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void The_surface_of_an_invalid_model_throws_naming_its_errors()
    {
        var testCase = DiagnosticCases.All.First(c => c.Id == "NDSL004");
        var run = GeneratorHarness.Run(testCase.Source);

        string code = Assert.Single(run.GeneratedSources).Value;
        Assert.Contains("NoFlatten cannot be used: its NeuralDsl attributes have errors (NDSL004). Fix them and rebuild.", code);
        Assert.Contains("public NoFlatten(int? seed = null) : base(NoModelInfo(), seed) { }", code);
        Assert.Contains("public const int InputSize = 784;", code); // what shape inference knew
    }

    [Fact]
    public void Generic_models_and_models_in_generic_types_get_files_of_their_own()
    {
        // Each gets its error surface in a file named with its type parameters in braces, a name Roslyn accepts, and
        // Foo and Foo<T> do not collide.
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Cases;
            public partial class Outer<T>
            {
                [Model] [Input(4)] [Dense(1)]
                public partial class Inner;
            }
            [Model] [Input(4)] [Dense(1)]
            public partial class Twin;
            [Model] [Input(4)] [Dense(1)]
            public partial class Twin<T>;
            """);

        Assert.Equal(["NDSL003", "NDSL003"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Equal(["Cases.Outer{T}.Inner.g.cs", "Cases.Twin.g.cs", "Cases.Twin{T}.g.cs"], run.GeneratedSources.Keys.Order());
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_size_that_could_not_be_inferred_is_zero()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Cases;
            [Model]
            [Input(784)]
            [Dense(64)]
            [MaxPooling2D(2)]
            [Dense(10)]
            public partial class Unshaped;
            """);

        Assert.Equal("NDSL021", Assert.Single(run.GeneratorDiagnostics).Id);
        string code = Assert.Single(run.GeneratedSources).Value;
        Assert.Contains("public const int InputSize = 784;", code);
        Assert.Contains("public const int OutputSize = 0;", code); // not dense's 64: the shapes stop at the pooling
    }

    /// <summary>A layer attribute that does not bind (misspelt, or from a version without it) keeps its place: the layers
    /// after it have an unknown shape, so the build shows the compiler's CS0246 alone, not a shape error about a layer the
    /// user never removed (here Dense after the convolution would otherwise be NDSL004 on 26×26×8).</summary>
    [Theory]
    [InlineData("GlobalAveragePooling")]
    [InlineData("BatchNormalizaton")]
    [InlineData("Residual(\"stem\")")]
    public void A_layer_attribute_that_does_not_bind_reports_only_the_compiler_error(string attribute)
    {
        var run = GeneratorHarness.Run($$"""
            using NeuralDsl;
            namespace Cases;
            [Model(Loss = Loss.CategoricalCrossentropy)]
            [Input(28, 28, 1)]
            [Conv2D(8, 3, Activation.Relu, Name = "stem")]
            [{{attribute}}]
            [Dense(10, Activation.Softmax)]
            public partial class Misspelt;

            public static class Program
            {
                public static void Use(float[] x, float[] y) => new Misspelt(seed: 1).Fit(x, y, new FitOptions { Epochs = 1 });
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        var errors = run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count > 0 && errors.All(d => d.Id is "CS0246" or "CS0103"), string.Join("\n", errors));
    }

    private static TheoryData<string, int> Cases(bool shape)
    {
        var data = new TheoryData<string, int>();
        for (int i = 0; i < DiagnosticCases.All.Length; i++)
            if (!Warnings.Contains(DiagnosticCases.All[i].Id) && ClassShapeErrors.Contains(DiagnosticCases.All[i].Id) == shape) data.Add(DiagnosticCases.All[i].Id, i);
        return data;
    }

    /// <summary>The model class as code outside its namespace names it: <c>Cases.NoFlatten</c>, <c>Cases.Generic&lt;int&gt;</c>.</summary>
    private static string UsableName(string source)
    {
        var match = ModelClass().Match(source);
        Assert.True(match.Success, "No model class in the case.");
        return "Cases." + match.Groups["name"].Value + (match.Groups["generic"].Success ? "<int>" : "");
    }

    [GeneratedRegex(@"\[Model[^\]]*\][\s\S]*?partial class (?<name>\w+)(?<generic><\w+>)?;")]
    private static partial Regex ModelClass();
}
