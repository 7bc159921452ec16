using NeuralDsl.Generators.Tests.Infrastructure;
using NeuralDsl.Generators.Tests.Snapshots;

namespace NeuralDsl.Generators.Tests;

/// <summary>Convolutional models beyond the snapshots: Keras's parameter counts and names, and the shapes
/// Keras accepts that a stricter check might refuse.</summary>
public sealed class ConvolutionTests
{
    [Fact]
    public void ParameterCountsMatchKerasSummary()
    {
        var run = GeneratorHarness.Run(SnapshotModels.KerasMnistCnn);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string code = run.GeneratedSources["Demo.KerasMnistCnn.g.cs"];
        // Keras: conv2d (None, 26, 26, 32) 320; conv2d_1 (None, 11, 11, 64) 18496; dense (None, 10) 16010.
        Assert.Contains("new global::NeuralDsl.LayerInfo(\"conv2d\", \"Conv2D\", [26, 26, 32], 320, [", code);
        Assert.Contains("new global::NeuralDsl.LayerInfo(\"max_pooling2d\", \"MaxPooling2D\", [13, 13, 32], 0, [], Inputs: [0], ", code);
        Assert.Contains("new global::NeuralDsl.LayerInfo(\"conv2d_1\", \"Conv2D\", [11, 11, 64], 18496, [", code);
        Assert.Contains("new global::NeuralDsl.LayerInfo(\"max_pooling2d_1\", \"MaxPooling2D\", [5, 5, 64], 0, [], Inputs: [2], ", code);
        Assert.Contains("new global::NeuralDsl.LayerInfo(\"flatten\", \"Flatten\", [1600], 0, [], Inputs: [3], Description: new global::NeuralDsl.FlattenDescription()),", code);
        Assert.Contains("new global::NeuralDsl.LayerInfo(\"dense\", \"Dense\", [10], 16010, [", code);
        Assert.Contains("public const int ParameterCount = 34826;", code); // 320 + 18496 + 16010
        Assert.Contains("new global::NeuralDsl.SafeTensor(\"conv2d_1/kernel\", [3, 3, 32, 64], Conv2d1Kernel, 18432),", code);
        // Keras fans of a convolution count the receptive field: 3·3·32 in, 3·3·64 out.
        Assert.Contains("Parameters.Slice(Conv2d1Kernel, 3 * 3 * 32 * 64), fanIn: 288, fanOut: 576, random);", code);
    }

    [Fact]
    public void FlattenRightAfterAnImageInputIsAValidModel()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model(Loss = Loss.CategoricalCrossentropy)]
            [Input(28, 28, 1)]
            [Flatten]
            [Dense(10, Activation.Softmax)]
            public partial class FlatClassifier;
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string code = run.GeneratedSources["FlatClassifier.g.cs"];
        Assert.Equal("""
            /// <inheritdoc/>
            public override global::System.ReadOnlySpan<float> Forward(global::System.ReadOnlySpan<float> x, int rows, global::NeuralDsl.PassMode mode)
            {
                // flatten: Flatten, 28×28×1 → 784; a reshape, the same values pass on.
                return DenseForward(x, rows);
            }

            """, GeneratedCode.Member(code, "GeneratedCpuPasses.Forward"));
        Assert.Contains("DenseBackward(x, rows);", code); // the dense layer reads the model input through the reshape
        Assert.DoesNotContain("_flattenOutput", code);
        Assert.DoesNotContain("_flattenGradient", code);
    }

    [Fact]
    public void FlattenOnAVectorIsANoOpAsInKeras()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model]
            [Input(12)]
            [Dense(6, Activation.Tanh)]
            [Flatten]
            [Dense(2)]
            public partial class FlatVector;
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string code = run.GeneratedSources["FlatVector.g.cs"];
        Assert.Contains("new global::NeuralDsl.LayerInfo(\"flatten\", \"Flatten\", [6], 0, [], ", code);
        Assert.Contains("// flatten: a reshape; the gradient after it already is dense's gradient.", code);
        Assert.Contains("dense_1: dL/dz from the gradient of its output.", code); // OpenCL: dense_1 reads the gradient Flatten aliases
        Assert.Contains("SLOT(DENSE_GRADIENT)[(size_t)i * 6 + j] = acc;", code); // and writes its input gradient into dense's
    }

    [Fact]
    public void SamePaddingLetsAWindowLargerThanItsInputFit()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model]
            [Input(3, 3, 2)]
            [Conv2D(4, 5, Padding = Padding.Same)]
            [MaxPooling2D(4, Padding = Padding.Same)]
            [Flatten]
            [Dense(1)]
            public partial class PaddedWindows;
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string code = run.GeneratedSources["PaddedWindows.g.cs"];
        // ceil(3 / 1) = 3 with (3 − 1)·1 + 5 − 3 = 4 zeros, 2 before; ceil(3 / 4) = 1 with (1 − 1)·4 + 4 − 3 = 1, 0 before.
        Assert.Equal("""
            /// <summary>conv2d's window: 3×3×2 → 3×3×4, 5×5 kernel, stride 1, same padding (pad top 2, left 2).</summary>
            private static readonly global::NeuralDsl.Cpu.Window2D s_conv2dWindow = new(InputHeight: 3, InputWidth: 3, InputChannels: 2, WindowHeight: 5, WindowWidth: 5, StrideHeight: 1, StrideWidth: 1, PadTop: 2, PadLeft: 2, OutputHeight: 3, OutputWidth: 3);

            """, GeneratedCode.Member(code, "s_conv2dWindow"));
        Assert.Contains("s_maxPooling2dWindow = new(InputHeight: 3, InputWidth: 3, InputChannels: 4, WindowHeight: 4, WindowWidth: 4, StrideHeight: 4, StrideWidth: 4, PadTop: 0, PadLeft: 0, OutputHeight: 1, OutputWidth: 1);", code);
    }

    [Fact]
    public void ConvolutionAsTheOutputLayerFusesSigmoidWithBinaryCrossEntropy()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model(Loss = Loss.BinaryCrossentropy)]
            [Input(8, 8, 1)]
            [MaxPooling2D(2, Strides = 1)]
            [Conv2D(1, 3, Activation.Sigmoid, Padding = Padding.Same, UseBias = false)]
            public partial class Mask;
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationProblems);
        string code = run.GeneratedSources["Mask.g.cs"];
        Assert.Contains("LossMath.SigmoidCrossEntropyGradient(_conv2dOutput", code);
        Assert.Contains("// sigmoid's derivative is fused into the loss gradient", code);
        // Max pooling before any parameter: it runs forward only, and the convolution needs no input gradient.
        Assert.DoesNotContain("MaxPooling2dBackward", code);
        Assert.Contains("// max_pooling2d: no layer upstream of it has weights", code);
        Assert.Contains("global::System.Span<float>.Empty, global::System.Span<float>.Empty, columns, rows, in s_conv2dWindow, Filters);", code);
    }

    [Fact]
    public void ReportsEveryErrorOfAConvolutionalModelInOneBuild()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Model]
            [Input(4, 4, 1)]
            [Conv2D(0, 3, Padding = (Padding)2)]
            [MaxPooling2D(2, Strides = -1)]
            [Dense(3)]
            public partial class ManyConvErrors;
            """);

        Assert.Equal(["NDSL014", "NDSL020", "NDSL020"], run.GeneratorDiagnostics.Select(d => d.Id).Order().ToArray());
    }

    [Fact]
    public void EachStrayConvolutionalAttributeIsReported()
    {
        var run = GeneratorHarness.Run("""
            using NeuralDsl;
            [Conv2D(4, 3)]
            [MaxPooling2D(2)]
            [AveragePooling2D(2)]
            [Flatten]
            public class NoModel;
            """);

        Assert.Equal(4, run.GeneratorDiagnostics.Count(d => d.Id == "NDSL017"));
        Assert.Contains(run.GeneratorDiagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).StartsWith("Flatten is on class 'NoModel'", StringComparison.Ordinal));
    }
}
