using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NeuralDsl.Generators.Tests.Infrastructure;

namespace NeuralDsl.Generators.Tests;

/// <summary><c>RepeatAttribute.FirstIndex</c>: block instances numbered from 0 as PyTorch's Sequential numbers its modules,
/// read from source and from a referenced assembly's metadata alike.</summary>
public sealed partial class BlockNumberingTests
{
    private const string Blocks = """
        using NeuralDsl;
        namespace Lib;
        /// <summary>Starts a stage.</summary>
        [Block]
        [Conv2D(1, 1, Strides = BlockAttribute.Strides, UseBias = false, Name = "conv1")]
        [BatchNormalization(Name = "bn1")]
        [Conv2D(1, 1, Strides = BlockAttribute.Strides, UseBias = false, From = BlockAttribute.Input, Name = "downsample_0")]
        [Add("bn1", Name = "add")]
        public static class Down;
        /// <summary>Keeps the shape.</summary>
        [Block]
        [Conv2D(1, 1, UseBias = false, Name = "conv1")]
        [BatchNormalization(Name = "bn1")]
        [Add(BlockAttribute.Input, Name = "add")]
        public static class Same;
        [Model(Loss = Loss.CategoricalCrossentropy)]
        [Input(8, 8, 2)]
        [Repeat(typeof(Same), 2, Name = "layer1_", Filters = 2, FirstIndex = 0)]
        [Repeat(typeof(Down), Name = "layer2_", Filters = 4, Strides = 2, FirstIndex = 0)]
        [Repeat(typeof(Same), Name = "layer2_", Filters = 4, FirstIndex = 0)]
        [Repeat(typeof(Same), 2, Name = "keras_block", Filters = 4)]
        [GlobalAveragePooling2D(Name = "avgpool")]
        [Dense(3, Activation.Softmax, Name = "fc")]
        public partial class TorchNamed;
        """;

    private static readonly string[] ExpectedNames =
    [
        "layer1_0_conv1", "layer1_0_bn1", "layer1_0_add", "layer1_1_conv1", "layer1_1_bn1", "layer1_1_add",
        // A later Repeat of the prefix continues its count: its own FirstIndex only applies where the prefix starts.
        "layer2_0_conv1", "layer2_0_bn1", "layer2_0_downsample_0", "layer2_0_add", "layer2_1_conv1", "layer2_1_bn1", "layer2_1_add",
        "keras_block1_conv1", "keras_block1_bn1", "keras_block1_add", "keras_block2_conv1", "keras_block2_bn1", "keras_block2_add",
        "avgpool", "fc",
    ];

    [GeneratedRegex("""new global::NeuralDsl\.LayerInfo\("([a-z0-9_]+)",""")]
    private static partial Regex LayerInfoName();

    private static List<string> LayerNames(GeneratorRun run, string model) =>
        LayerInfoName().Matches(run.GeneratedSources.Single(s => s.Key.Contains(model, StringComparison.Ordinal)).Value)
            .Select(match => match.Groups[1].Value).ToList();

    [Fact]
    public void First_index_zero_names_instances_from_zero_and_later_repeats_continue()
    {
        var run = GeneratorHarness.Run(Blocks);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Equal(ExpectedNames, LayerNames(run, "TorchNamed"));
    }

    [Fact]
    public void A_negative_first_index_is_an_option_error_on_the_repeat()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            namespace Cases;
            [Block]
            [Dense(1, Activation.Tanh)]
            public static class Unit;
            [Model]
            [Input(4)]
            [Repeat(typeof(Unit), Filters = 4, FirstIndex = -1)]
            [Dense(1)]
            public partial class NegativeFirst;
            """);
        var error = Assert.Single(run.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("NDSL036", error.Id);
        Assert.Contains("FirstIndex is -1, but it must be 0 or more", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_model_reused_from_another_assembly_keeps_its_attribute_order_and_first_index()
    {
        // The library is compiled with its generated code into an assembly; a second compilation reads it from metadata only.
        var library = GeneratorHarness.Run(Blocks);
        var libraryCompilation = library.InputCompilation.AddSyntaxTrees(
            library.GeneratedSources.Select(s => CSharpSyntaxTree.ParseText(s.Value, GeneratorHarness.ParseOptions, path: s.Key,
                cancellationToken: TestContext.Current.CancellationToken)));
        using var image = new MemoryStream();
        var emitted = libraryCompilation.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var reference = MetadataReference.CreateFromImage(image.ToArray());

        var user = CSharpCompilation.Create("Consumer",
            [CSharpSyntaxTree.ParseText("""
                using NeuralDsl;
                namespace Consumer;
                [Model(Loss = Loss.CategoricalCrossentropy)]
                [Reuse(typeof(Lib.TorchNamed), Through = "avgpool", Trainable = false)]
                [Dense(2, Activation.Softmax, Name = "head")]
                public partial class NewHead;
                """, GeneratorHarness.ParseOptions, path: "Model.cs", cancellationToken: TestContext.Current.CancellationToken)],
            [.. GeneratorHarness.References, reference],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var run = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), user);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        Assert.Equal([.. ExpectedNames.SkipLast(1), "head"], LayerNames(run, "NewHead"));
    }
}
