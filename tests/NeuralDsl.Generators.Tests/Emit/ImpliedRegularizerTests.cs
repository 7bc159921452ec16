using NeuralDsl.Generators.Tests.Infrastructure;

namespace NeuralDsl.Generators.Tests.Emit;

/// <summary>A factor written without <c>KernelRegularizer</c> implies its regularizer, as Keras's <c>l2(0.5)</c>:
/// the generated code is the same, character for character, as with the regularizer written out.</summary>
public sealed class ImpliedRegularizerTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        // (layer with the factors alone, the same layer with the regularizer written, the CPU penalty's factors)
        { "Dense(3, Activation.Relu, L2 = 0.5f)", "Dense(3, Activation.Relu, KernelRegularizer = Regularizer.L2, L2 = 0.5f)", "0f, 0.5f" },
        { "Dense(3, Activation.Relu, L1 = 0.25)", "Dense(3, Activation.Relu, KernelRegularizer = Regularizer.L1, L1 = 0.25)", "0.25f, 0f" },
        { "Dense(3, Activation.Relu, L1 = 0.25, L2 = 0.5)", "Dense(3, Activation.Relu, KernelRegularizer = Regularizer.L1L2, L1 = 0.25, L2 = 0.5)", "0.25f, 0.5f" },
        { "Conv2D(3, 2, Activation.Relu, L2 = 0.5)", "Conv2D(3, 2, Activation.Relu, KernelRegularizer = Regularizer.L2, L2 = 0.5)", "0f, 0.5f" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_factor_alone_generates_the_code_of_its_regularizer_written_out(string implied, string written, string factors)
    {
        string impliedCode = Generate(implied);
        string writtenCode = Generate(written);

        Assert.Contains("RegularizationMath.Penalty(Parameters.Slice(DenseKernel, ", writtenCode);
        Assert.Contains($"), {factors}); // dense", GeneratedCode.Member(writtenCode, "Penalty"));
        Assert.Equal(writtenCode, impliedCode);
    }

    [Fact]
    public void A_regularizer_written_alone_uses_the_keras_default_factor()
    {
        string code = Generate("Dense(3, Activation.Relu, KernelRegularizer = Regularizer.L2)");

        Assert.Contains("), 0f, 0.01f); // dense", GeneratedCode.Member(code, "Penalty"));
    }

    /// <summary>The layer is the first (named <c>dense</c>, or <c>conv2d</c> renamed so both read the same) of a small model.</summary>
    private static string Generate(string layer)
    {
        bool conv = layer.StartsWith("Conv2D", StringComparison.Ordinal);
        var run = GeneratorHarness.Run($$"""
            using NeuralDsl;
            namespace Focus;
            [Model]
            [Input({{(conv ? "4, 4, 1" : "4")}})]
            [{{layer[..^1]}}, Name = "dense")]
            {{(conv ? "[Flatten]" : "")}}
            [Dense(1, Name = "head")]
            public partial class Penalized;
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        return Assert.Single(run.GeneratedSources).Value;
    }
}
