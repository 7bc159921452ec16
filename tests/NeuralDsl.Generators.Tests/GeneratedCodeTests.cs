using NeuralDsl.Generators.Tests.Infrastructure;

namespace NeuralDsl.Generators.Tests;

/// <summary>Properties of the generated code beyond the snapshots.</summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public void UserTypesNamedLikeRuntimeTypesDoNotCaptureGeneratedNames()
    {
        var run = GeneratorHarness.Run("""
            namespace Clash
            {
                internal sealed class Relu;
                internal sealed class Sigmoid;
                internal sealed class Linear;
                internal sealed class DenseMath;
                internal sealed class ModelInfo;
                internal sealed class LayerInfo;
                internal sealed class SafeTensor;
                internal sealed class Span<T>;
                internal sealed class ReadOnlySpan<T>;
                internal sealed class RandomSource;

                [NeuralDsl.Model(Loss = NeuralDsl.Loss.BinaryCrossentropy)]
                [NeuralDsl.Input(4)]
                [NeuralDsl.Dense(3, NeuralDsl.Activation.Relu)]
                [NeuralDsl.Dense(1, NeuralDsl.Activation.Sigmoid)]
                public partial class Clashing;
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
    }

    [Fact]
    public void NamesFollowKeras()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model(Loss = Loss.CategoricalCrossentropy)]
            [Input(784)]
            [Dense(128, Activation.Relu)]
            [Dropout(0.3)]
            [Dense(128, Activation.Relu)]
            [Dropout(0.3)]
            [Activation(Activation.Tanh)]
            [Dense(10)]
            [Activation(Activation.Softmax)]
            public partial class MnistMlp;
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string code = run.GeneratedSources["MnistMlp.g.cs"];
        Assert.Contains("Name: \"mnist_mlp\"", code);
        foreach (string layer in new[] { "dense", "dropout", "dense_1", "dropout_1", "activation", "dense_2", "activation_1" })
            Assert.Contains($"new global::NeuralDsl.LayerInfo(\"{layer}\"", code);
        Assert.Contains("public const int Dropout1OutputSize = 128;", code);
        Assert.Contains("private const int Dense2Bias = ", code);
        Assert.Contains("public const int ParameterCount = 118282;", code); // 784·128+128 + 128·128+128 + 128·10+10
        // Softmax in a stand-alone layer is fused with the loss too.
        Assert.Contains("LossMath.SoftmaxCrossEntropyGradient(_activation1Output", code);
    }

    [Fact]
    public void FloatLiteralsRoundTrip()
    {
        // The generator formats with the invariant culture, whatever culture the compiler runs under.
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model]
            [Input(4)]
            [Dense(2, KernelRegularizer = Regularizer.L1L2, L1 = 0.1, L2 = 1e-7)]
            [Dropout(0.125)]
            public partial class Literals;
            """);

        Assert.Empty(run.CompilationProblems);
        string code = run.GeneratedSources["Literals.g.cs"];
        Assert.Contains("0.1f, 1E-07f", code);
        Assert.Contains("const float Rate = 0.125f;", code);
    }
}
