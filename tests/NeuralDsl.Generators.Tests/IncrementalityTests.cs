using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NeuralDsl.Generators.Tests.Infrastructure;
using NeuralDsl.Generators.Tests.Snapshots;

namespace NeuralDsl.Generators.Tests;

/// <summary>The pipeline carries only equatable values, so edits that do not touch a model leave its steps cached.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] s_modelSteps = [TrackingNames.ReadModel, TrackingNames.InferShapes, TrackingNames.Generate];

    [Fact]
    public void UnrelatedEditLeavesEveryModelStepCached()
    {
        var compilation = GeneratorHarness.Compile(SnapshotModels.Small, "namespace Demo; public class Unrelated { }");
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation, TestContext.Current.CancellationToken);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(tree => tree.FilePath == "File1.cs"),
            CSharpSyntaxTree.ParseText("namespace Demo; public class Unrelated { public int Value => 42; }", GeneratorHarness.ParseOptions, path: "File1.cs", cancellationToken: TestContext.Current.CancellationToken));
        var result = driver.RunGenerators(edited, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        foreach (string step in s_modelSteps)
        {
            var outputs = result.TrackedSteps[step].SelectMany(run => run.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"{step} was {output.Reason}"));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void EditingALayerRegeneratesTheModel()
    {
        var compilation = GeneratorHarness.Compile(SnapshotModels.Small);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation, TestContext.Current.CancellationToken);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(SnapshotModels.Small.Replace("Dropout(0.3)", "Dropout(0.4)"), GeneratorHarness.ParseOptions, path: "Model.cs", cancellationToken: TestContext.Current.CancellationToken));
        var result = driver.RunGenerators(edited, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        Assert.All(s_modelSteps, step => Assert.Contains(result.TrackedSteps[step].SelectMany(run => run.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified));
        Assert.Contains("const float Rate = 0.4f;", result.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void EditingAReusedModelInAnotherFileRegeneratesTheModelThatReusesIt()
    {
        const string Base = """
            using NeuralDsl;
            namespace Demo;
            [Model]
            [Input(4)]
            [Dense(8, Activation.Relu, Name = "features")]
            [Dense(1)]
            public partial class Base;
            """;
        const string Head = """
            using NeuralDsl;
            namespace Demo;
            [Model]
            [Reuse(typeof(Base), Through = "features", Trainable = false)]
            [Dense(2)]
            public partial class Head;
            """;
        var compilation = GeneratorHarness.Compile(Base, Head);
        var driver = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation, TestContext.Current.CancellationToken);
        var baseTree = compilation.SyntaxTrees.First(tree => tree.ToString().Contains("class Base", StringComparison.Ordinal));

        var edited = compilation.ReplaceSyntaxTree(baseTree, CSharpSyntaxTree.ParseText(Base.Replace("Dense(8,", "Dense(16,"),
            GeneratorHarness.ParseOptions, path: baseTree.FilePath, cancellationToken: TestContext.Current.CancellationToken));
        var result = driver.RunGenerators(edited, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        string head = result.GeneratedSources.Single(source => source.HintName == "Demo.Head.g.cs").SourceText.ToString();
        Assert.Contains("SafeTensor(\"features/kernel\", [4, 16]", head, StringComparison.Ordinal);
    }

    [Fact]
    public void StepOutputsHoldNoSymbolsSyntaxOrCompilations()
    {
        var compilation = GeneratorHarness.Compile(SnapshotModels.Small, SnapshotModels.ActivationZoo, SnapshotModels.TransferHead);
        var result = GeneratorHarness.CreateDriver(trackSteps: true).RunGenerators(compilation, TestContext.Current.CancellationToken).GetRunResult().Results.Single();

        foreach (var step in result.TrackedSteps.Where(step => step.Key.StartsWith("NeuralDsl.", StringComparison.Ordinal)))
            foreach (var (value, _) in step.Value.SelectMany(run => run.Outputs))
                AssertNoRoslynObjects(value, step.Key, new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    private static void AssertNoRoslynObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (value is DiagnosticDescriptor) return; // static singletons, compared by value
        Assert.False(value is ISymbol or SyntaxNode or SyntaxTree or Compilation or SemanticModel or Location,
            $"{path} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items) AssertNoRoslynObjects(item, $"{path}[{i++}]", seen);
            return;
        }
        foreach (var property in value.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract") continue;
            AssertNoRoslynObjects(property.GetValue(value), $"{path}.{property.Name}", seen);
        }
    }
}
