using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Tests.Infrastructure;

namespace NeuralDsl.Generators.Tests.Diagnostics;

/// <summary>Each NDSL diagnostic: raised alone, as an error, on the attribute's line, naming the layer and shapes.</summary>
public sealed class DiagnosticTests
{
    [Theory]
    [MemberData(nameof(DiagnosticCases.Data), MemberType = typeof(DiagnosticCases))]
    public void ReportsTheErrorOnTheAttributeThatCausesIt(string id, int index)
    {
        var testCase = DiagnosticCases.All[index];
        Assert.True(testCase.ExpectedLine >= 0, "The case has no '// error' marker.");

        var run = GeneratorHarness.Run(testCase.Source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(SeverityOf(id), diagnostic.Severity);
        Assert.Equal(testCase.ExpectedLine, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("Model.cs", diagnostic.Location.GetLineSpan().Path);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string fragment in testCase.Fragments) Assert.Contains(fragment, message);
        // A model with errors gets only its public surface (or nothing, when its class cannot take one): the NDSL
        // error is all the build reports.
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    /// <summary>Every NDSL id is an error but NDSL038, a warning (the model still builds without the foreign attribute).</summary>
    private static DiagnosticSeverity SeverityOf(string id) => id == "NDSL038" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;

    [Fact]
    public void EveryDescriptorIdHasACase()
    {
        var ids = typeof(ModelGenerator).Assembly.GetType("NeuralDsl.Generators.Diagnostics.DiagnosticDescriptors")!
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id)
            .ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Contains(DiagnosticCases.All, testCase => testCase.Id == id));
        Assert.All(ids, id => Assert.Matches("^NDSL0[0-9]{2}$", id));
    }

    [Fact]
    public void Ndsl004MessageIsExactlyTheDesignDocumentsStyle()
    {
        var run = GeneratorHarness.Run(DiagnosticCases.All.First(c => c.Id == "NDSL004").Source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("Dense(10) needs a rank-1 input but receives 28\u00D728\u00D71 from Input; add [Flatten] before it",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Two_models_that_reuse_each_other_each_report_the_cycle_on_their_reuse()
    {
        const string Source = """
            using NeuralDsl;
            namespace Cycle;
            [Model]
            [Reuse(typeof(B))]
            [Dense(2)]
            public partial class A;
            [Model]
            [Reuse(typeof(A))]
            [Dense(3)]
            public partial class B;
            """;
        var run = GeneratorHarness.Run(Source);

        var diagnostics = run.GeneratorDiagnostics.OrderBy(d => d.Location.GetLineSpan().StartLinePosition.Line).ToList();
        Assert.Equal(["NDSL027", "NDSL027"], diagnostics.Select(d => d.Id));
        Assert.Equal([3, 7], diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Contains("Reuse(typeof(B)): reusing 'A' makes a cycle (A \u2192 B \u2192 A)", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_model_reused_through_another_brings_its_layers_names_and_freezing()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Chain;
            [Model]
            [Input(4)]
            [Dense(8, Name = "first")]
            [Dense(6)]
            [Dense(1)]
            public partial class Inner;
            [Model]
            [Reuse(typeof(Inner), Through = "dense", Trainable = false)]
            [Dense(5, Name = "middle")]
            public partial class Middle;
            [Model]
            [Reuse(typeof(Middle), Through = "middle")]
            [Dense(2)]
            public partial class Outer;
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string outer = run.GeneratedSources["Chain.Outer.g.cs"];
        Assert.Contains("Layers: first Dense(8) 4 \u2192 8; dense Dense(6) 8 \u2192 6; middle Dense(5) 6 \u2192 5; dense_1 Dense(2) 5 \u2192 2.", outer);
        Assert.Contains("\"first\", \"Dense\", [8], 40, [", outer);
        Assert.Contains("], Trainable: false, Inputs: ", outer);
        Assert.Contains("public void CopyWeightsFrom(global::Chain.Middle source) => CopyWeightsFrom(source, [\"first/kernel\", \"first/bias\", \"dense/kernel\", \"dense/bias\", \"middle/kernel\", \"middle/bias\"]);", outer);
    }

    [Fact]
    public void ValidModelHasNoDiagnostics()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Valid;
            [Model(Loss = Loss.CategoricalCrossentropy)]
            [Input(784)]
            [Dense(128, Activation.Relu)]
            [Dropout(0.3)]
            [Dense(10, Activation.Softmax)]
            public partial class Mlp;
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void Every_written_factor_is_range_checked_and_one_the_written_regularizer_does_not_use_is_an_error()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model]
            [Input(4)]
            [Dense(2, KernelRegularizer = Regularizer.None, L1 = -1, L2 = double.NaN)]
            [Dense(1, KernelRegularizer = Regularizer.L1, L2 = -1)]
            public partial class UnusedFactors;
            """);

        var reported = run.GeneratorDiagnostics
            .Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line} {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(6, reported.Length);
        Assert.StartsWith("3 NDSL015 Dense(2): L1 = -1 is not a valid regularization factor", reported[0]);
        Assert.StartsWith("3 NDSL015 Dense(2): L2 = NaN is not a valid regularization factor", reported[1]);
        Assert.StartsWith("3 NDSL031 Dense(2): L1 = -1 has no effect with KernelRegularizer = Regularizer.None, which uses no factor; write KernelRegularizer = Regularizer.L1L2", reported[2]);
        Assert.StartsWith("3 NDSL031 Dense(2): L2 = NaN has no effect with KernelRegularizer = Regularizer.None, which uses no factor; write KernelRegularizer = Regularizer.L1L2", reported[3]);
        Assert.StartsWith("4 NDSL015 Dense(1): L2 = -1 is not a valid regularization factor", reported[4]);
        Assert.StartsWith("4 NDSL031 Dense(1): L2 = -1 has no effect with KernelRegularizer = Regularizer.L1, which uses only L1; write KernelRegularizer = Regularizer.L1L2", reported[5]);
        Assert.Empty(run.CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_factor_beside_an_undefined_regularizer_reports_only_the_undefined_value()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model]
            [Input(4)]
            [Dense(2, KernelRegularizer = (Regularizer)9, L2 = 0.5)]
            public partial class UndefinedKind;
            """);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("NDSL014", diagnostic.Id);
        Assert.Contains("KernelRegularizer = (Regularizer)9 is not a defined Regularizer value", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ReportsEveryErrorOfAModelInOneBuild()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model(Loss = (Loss)7)]
            [Input(28, 28, 1)]
            [Dropout(1.5)]
            [Dense(10, KernelInitializer = (Initializer)9)]
            [Dense(0)]
            public partial class ManyErrors;
            """);

        Assert.Equal(["NDSL004", "NDSL009", "NDSL010", "NDSL014", "NDSL014"],
            run.GeneratorDiagnostics.Select(d => d.Id).Order().ToArray());
    }

    [Fact]
    public void LayersOnAnotherPartOfTheModelClassAreNotStray()
    {
        var run = GeneratorHarness.Run(
            """
            using NeuralDsl;
            namespace Split;
            [Model(Loss = Loss.BinaryCrossentropy)]
            [Input(8)]
            public partial class SplitModel;
            """,
            """
            using NeuralDsl;
            namespace Split;
            [Dense(1, Activation.Sigmoid)]
            public partial class SplitModel;
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Contains("Dense(1, sigmoid)", run.GeneratedSources["Split.SplitModel.g.cs"]);
    }

    [Fact]
    public void EachStrayLayerAttributeIsReported()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Input(4)]
            [Dense(4)]
            [Dropout(0.5)]
            [Activation(Activation.Relu)]
            public class NoModel;
            """);

        Assert.Equal(4, run.GeneratorDiagnostics.Count(d => d.Id == "NDSL017"));
        Assert.Equal([1, 2, 3, 4], run.GeneratorDiagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line).Order().ToArray());
    }
}
