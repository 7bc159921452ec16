using System.Globalization;
using NeuralDsl.Applications;
using NeuralDsl.EndToEnd.Tests.Onnx;

namespace NeuralDsl.EndToEnd.Tests.Pretrained;

/// <summary>
/// The round trip a pretrained model takes to production: torchvision's state_dict → NeuralDsl (WeightLayout.PyTorch) →
/// ExportOnnx → ONNX Runtime, which must predict torchvision's log-probabilities (within 2e-3) and NeuralDsl's Predict
/// (within 1e-5 for ResNet-18, 2e-5 for ResNet-50); and the exported files pass ONNX's checker.
/// </summary>
[Collection(TorchvisionCollection.Name)]
public sealed class TorchvisionOnnxRoundTripTests(TorchvisionReference reference) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ndsl-torchvision-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void RequireTorch() => Assert.SkipWhen(reference.Problem is not null, reference.Problem ?? "");

    /// <summary>torchvision's model <paramref name="name"/> in NeuralDsl with its weights, exported to <c>name.onnx</c>.</summary>
    private (SequentialModel Model, string Path) Export(string name)
    {
        SequentialModel model = name switch
        {
            "resnet18" => new ResNet18(seed: 1),
            "resnet50" => new ResNet50(seed: 1),
            _ => throw new ArgumentException($"{name} is not one of torchvision's models here.", nameof(name)),
        };
        model.LoadWeights(reference.PathOf(name + ".safetensors"), WeightMatching.Strict, WeightLayout.PyTorch);
        string path = Path.Combine(_directory, name + ".onnx");
        model.ExportOnnx(path);
        return (model, path);
    }

    // ONNX Runtime against Predict: float32 sums in another order through 18 or 50 layers, into logits spread over a few
    // units (torchvision_reference.py scales fc). ResNet-50 differs by up to 1.1e-5 (a probability of 0.61); ResNet-18 and
    // the export tests' models stay within 1e-5.
    [Theory]
    [InlineData("resnet18", 1e-5)]
    [InlineData("resnet50", 2e-5)]
    public void OnnxRuntime_predicts_torchvisions_log_probabilities_and_what_Predict_does(string name, double predictTolerance)
    {
        RequireTorch();
        var (model, path) = Export(name);
        float[] images = reference.Floats("images.nhwc.f32");

        float[] onnx = OnnxRuntimePrediction.Run(path, images, model.Info.InputShape);

        float[] expected = reference.Floats(name + ".log_softmax.f32");
        var (worst, difference) = LogProbabilities.WorstDifference(onnx, expected);
        Assert.True(difference <= LogProbabilities.Tolerance,
            $"{name} in ONNX Runtime: log-probability {worst % 1000} of image {worst / 1000} is " +
            $"{Math.Log(onnx[worst]).ToString(CultureInfo.InvariantCulture)}, torchvision's {expected[worst].ToString(CultureInfo.InvariantCulture)} " +
            $"(tolerance {LogProbabilities.Tolerance}).");
        OnnxRuntimePrediction.AssertClose(model.Predict(images), onnx, predictTolerance, model.Info.OutputSize, name);
        // Not vacuous: the images are classified differently enough that a swapped or constant output would show.
        Assert.True(expected.Take(1000).Max() - expected.Take(1000).Min() > 3, "torchvision's log-probabilities are too flat to compare.");
    }

    [Fact]
    public void The_exports_of_torchvisions_models_pass_onnx_checker()
    {
        RequireTorch();
        OnnxChecker.RequireInstalled();
        Export("resnet18");
        Export("resnet50");

        OnnxChecker.CheckAll(_directory, files: 2);
    }
}
