using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary>
/// The generated backward pass of every model in Models/ConvGradientCheckModels.cs agrees with central
/// finite differences of the generated forward pass (loss plus regularization), parameter by parameter.
/// </summary>
public class ConvGradientCheckTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in Factories.Keys)
            foreach (int rows in new[] { 1, 3 })
                data.Add(name, rows);
        return data;
    }

    /// <summary>Max pooling is piecewise: when a parameter step makes another value of a window the largest,
    /// a central difference straddles the kink and measures a blend of two slopes. Its biases are safe (they
    /// shift a whole channel), its kernel weights are not, so max-pooling models take a smaller step; the
    /// float loss still resolves it within the helper's tolerance.</summary>
    internal const float MaxPoolingStep = 2e-4f;

    internal static readonly Dictionary<string, Func<SequentialModel>> Factories = new()
    {
        ["conv2d valid, stride 1, bias"] = () => new ConvValidStride1(seed: 21),
        ["conv2d same, stride 2, no bias"] = () => new ConvSameStride2NoBias(seed: 22),
        ["non-square kernel, regularized, stacked convolutions"] = () => new ConvNonSquareStacked(seed: 23),
        ["max pooling valid"] = () => new ConvMaxPoolValid(seed: 24),
        ["max pooling same, stride 2 ≠ pool 3"] = () => new ConvMaxPoolSameStrided(seed: 25),
        ["average pooling valid, stride 1 ≠ pool 3"] = () => new ConvAveragePoolValid(seed: 26),
        ["average pooling same, dropout on rank 3"] = () => new ConvAveragePoolSameDropout(seed: 27),
        ["dropout between convolutions"] = () => new ConvDropoutBetweenConvolutions(seed: 28),
        ["pooling prefix, convolution output"] = () => new ConvPoolPrefixConvOutput(seed: 29),
        ["flatten on the input"] = () => new ConvFreeFlattenInput(seed: 30),
        ["max pooling after stacked convolutions"] = () => new ConvStackedMaxPool(seed: 31),
        ["linear convolution with max pooling between layers"] = () => new ConvLinearMaxPoolBetween(seed: 32),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConvBackwardMatchesFiniteDifferences(string name, int rows)
    {
        var model = Factories[name]();
        var (x, y) = GradientCheckTests.Batch(model.Info, rows, seed: name.Length * 37 + rows);
        if (model.Info.Layers.Any(layer => layer.Type == "MaxPooling2D"))
            FiniteDifferences.AssertGradientsMatch(model, x, y, MaxPoolingStep);
        else
            FiniteDifferences.AssertGradientsMatch(model, x, y);
    }

    [Fact]
    public void ConvLayersReportKerasShapesAndParameterCounts()
    {
        var model = new ConvNonSquareStacked(seed: 1);

        // 7×5×3 → 3×2 kernel, valid: 5×4×2 (3·2·3·2 + 2 = 38) → 2×2 kernel, same: 5×4×3 (2·2·2·3 + 3 = 27) → 60 → Dense(2): 122.
        Assert.Equal(["conv2d", "conv2d_1", "flatten", "dense"], model.Info.Layers.Select(l => l.Name));
        Assert.Equal(["Conv2D", "Conv2D", "Flatten", "Dense"], model.Info.Layers.Select(l => l.Type));
        Assert.Equal([5, 4, 2], model.Info.Layers[0].OutputShape);
        Assert.Equal([5, 4, 3], model.Info.Layers[1].OutputShape);
        Assert.Equal([60], model.Info.Layers[2].OutputShape);
        Assert.Equal([38, 27, 0, 122], model.Info.Layers.Select(l => l.ParameterCount));
        Assert.Equal(38 + 27 + 122, ConvNonSquareStacked.ParameterCount);
        Assert.Equal([3, 2, 3, 2], model.Info.Tensors.First().Shape);
        string summary = model.Summary();
        Assert.Contains("conv2d (Conv2D)", summary);
        Assert.Contains("(None, 5, 4, 2)", summary);
        Assert.Contains("(None, 60)", summary);
    }
}
