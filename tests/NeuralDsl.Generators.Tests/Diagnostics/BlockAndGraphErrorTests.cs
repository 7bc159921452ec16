using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Tests.Infrastructure;

namespace NeuralDsl.Generators.Tests.Diagnostics;

/// <summary>Errors around graphs and blocks land once, on the attribute at fault, with nothing after them.</summary>
public sealed class BlockAndGraphErrorTests
{
    private static List<Diagnostic> Errors(GeneratorRun run) =>
        run.GeneratorDiagnostics.Concat(run.CompilationDiagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    [Fact]
    public void A_named_layer_that_does_not_bind_is_not_reported_again_where_it_is_read()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Cases;
            [Model(Loss = Loss.CategoricalCrossentropy)]
            [Input(8, 8, 1)]
            [Conv2D(4, 3, Padding = Padding.Same, Name = "stem")]
            [BatchNormalizaton(Name = "bn")]
            [Activation(Activation.Relu)]
            [Add("bn")]
            [GlobalAveragePooling2D]
            [Dense(2, Activation.Softmax)]
            public partial class Misspelt;
            """);
        var errors = Errors(run);
        Assert.True(errors.Count > 0 && errors.All(d => d.Id is "CS0246" or "CS0103"), string.Join("\n", errors));
    }

    [Fact]
    public void A_repeat_of_a_class_that_is_not_a_block_reports_that_alone()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Cases;
            public static class Plain;
            [Model]
            [Input(4)]
            [Repeat(typeof(Plain), 2, Name = "unit")]
            [Dense(3, From = "unit2_dense")]
            [Dense(1)]
            public partial class RepeatsPlain;
            """);
        Assert.Equal(["NDSL040"], Errors(run).Select(d => d.Id));
    }

    [Fact]
    public void A_repeats_from_that_names_no_layer_is_reported_on_the_repeat()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Cases;
            [Block]
            [Dense(1, Activation.Tanh)]
            [Add(BlockAttribute.Input)]
            public static class Unit;
            [Model]
            [Input(4, Name = "x")]
            [Dense(4)]
            [Repeat(typeof(Unit), From = "y", Filters = 4)]
            [Dense(1)]
            public partial class RepeatFromTypo;
            """);
        var error = Assert.Single(Errors(run));
        Assert.Equal("NDSL032", error.Id);
        Assert.Equal(9, error.Location.GetLineSpan().StartLinePosition.Line); // the [Repeat] line
        Assert.Contains("Repeat(typeof(Unit)) reads 'y' (From)", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_mistake_in_a_block_used_many_times_is_reported_once_on_the_block()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Cases;
            [Block]
            [Dense(1, Activation.Tanh)]
            [Add("missing")]
            public static class Broken;
            [Model]
            [Input(4)]
            [Repeat(typeof(Broken), 3, Filters = 4)]
            [Repeat(typeof(Broken), 2, Name = "more", Filters = 4)]
            [Dense(1)]
            public partial class UsesBrokenBlock;
            """);
        var error = Assert.Single(Errors(run));
        Assert.Equal("NDSL032", error.Id);
        Assert.Equal(4, error.Location.GetLineSpan().StartLinePosition.Line); // the block's [Add]
    }

    [Fact]
    public void A_block_names_its_instances_after_its_own_name_even_when_nested_and_a_foreign_attribute_in_it_is_a_warning()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Cases;
            public sealed class NoteAttribute : System.Attribute { }
            public static class Outer
            {
                [Block]
                [Dense(1, Activation.Tanh)]
                [Note]
                [Dense(1)]
                public static class Inner;
            }
            [Model]
            [Input(4)]
            [Repeat(typeof(Outer.Inner), 2, Filters = 4)]
            [Dense(1)]
            public partial class UsesNestedBlock;
            """);
        Assert.Equal(["NDSL038"], run.GeneratorDiagnostics.Select(d => d.Id));
        Assert.Empty(Errors(run));
        string code = Assert.Single(run.GeneratedSources).Value;
        Assert.Contains("\"inner1_dense\"", code);
        Assert.Contains("\"inner2_dense_1\"", code);
    }

    [Fact]
    public void Repeats_after_a_reused_model_number_on_from_its_instances()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Cases;
            [Block]
            [Dense(1, Activation.Tanh)]
            [Add(BlockAttribute.Input)]
            public static class Unit;
            [Model]
            [Input(4)]
            [Repeat(typeof(Unit), 2, Name = "stage", Filters = 4)]
            [Dense(1)]
            public partial class Base;
            [Model]
            [Reuse(typeof(Base), Through = "stage2_add")]
            [Repeat(typeof(Unit), Name = "stage", Filters = 4)]
            [Dense(1)]
            public partial class Longer;
            """);
        Assert.Empty(Errors(run));
        Assert.Contains("\"stage3_add\"", run.GeneratedSources.Single(s => s.Key.Contains("Longer")).Value);
    }
}
