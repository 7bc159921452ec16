using System.Globalization;
using NeuralDsl.Applications;

namespace NeuralDsl.EndToEnd.Tests.Pretrained;

/// <summary>
/// NeuralDsl.Applications.ResNet18 and ResNet50 loaded with torchvision's state_dicts (WeightLayout.PyTorch) predict what
/// torchvision predicts: log-probabilities within 2e-3 on random images. When they do not, the message names the first
/// checkpoint (stem, stage or block) whose output differs from torchvision's forward hook there, from truncated copies of
/// the models (PretrainedModels.cs).
/// </summary>
[Collection(TorchvisionCollection.Name)]
public sealed class TorchvisionComparisonTests(TorchvisionReference reference)
{
    private const double LogProbabilityTolerance = LogProbabilities.Tolerance;

    // Intermediate outputs are compared relative to their largest magnitude: float32 sums over thousands of terms in
    // another order differ by about 1e-6 of it.
    private const double CheckpointTolerance = 1e-4;

    private sealed record Checkpoint(string Module, Func<SequentialModel> Create);

    private static readonly Checkpoint[] ResNet18Checkpoints =
    [
        new("maxpool", () => new ResNet18ThroughMaxpool(seed: 1)),
        new("layer1", () => new ResNet18ThroughLayer1(seed: 1)),
        new("layer2", () => new ResNet18ThroughLayer2(seed: 1)),
        new("layer3", () => new ResNet18ThroughLayer3(seed: 1)),
        new("layer4", () => new ResNet18ThroughLayer4(seed: 1)),
    ];

    private static readonly Checkpoint[] ResNet50Checkpoints =
    [
        new("maxpool", () => new ResNet50ThroughMaxpool(seed: 1)),
        new("layer1.0", () => new ResNet50ThroughLayer1Block0(seed: 1)),
        new("layer2.0", () => new ResNet50ThroughLayer2Block0(seed: 1)),
    ];

    private void RequireTorch() => Assert.SkipWhen(reference.Problem is not null, reference.Problem ?? "");

    [Fact]
    public void ResNet18_predicts_torchvisions_log_probabilities() =>
        Compare("resnet18", new ResNet18(seed: 1), ResNet18.ParameterCount, batchNormalizations: 20, ResNet18Checkpoints);

    [Fact]
    public void ResNet50_predicts_torchvisions_log_probabilities() =>
        Compare("resnet50", new ResNet50(seed: 1), ResNet50.ParameterCount, batchNormalizations: 53, ResNet50Checkpoints);

    private void Compare(string name, SequentialModel model, int parameterCount, int batchNormalizations, Checkpoint[] checkpoints)
    {
        RequireTorch();
        // Keras's count is torchvision's parameters plus its running statistics (its buffers but num_batches_tracked).
        Assert.Equal(reference.Count(name, "parameters") + reference.Count(name, "buffers"), parameterCount);
        string weights = reference.PathOf(name + ".safetensors");

        var report = model.LoadWeights(weights, WeightMatching.Strict, WeightLayout.PyTorch);

        Assert.Equal(model.Info.Tensors.Count(), report.Loaded.Count);
        Assert.Empty(report.NotLoaded);
        Assert.Empty(report.Unused);
        Assert.Equal(batchNormalizations, report.Ignored.Count);
        Assert.All(report.Ignored, tensor => Assert.EndsWith(".num_batches_tracked", tensor, StringComparison.Ordinal));

        // The cheapest checkpoint always, so that the diagnosis below is known to work.
        float[] images = reference.Floats("images.nhwc.f32");
        Assert.Null(CheckpointDifference(name, checkpoints[0], weights, images));

        float[] expected = reference.Floats(name + ".log_softmax.f32");
        float[] probabilities = model.Predict(images);
        var (worst, difference) = LogProbabilities.WorstDifference(probabilities, expected);
        if (!(difference <= LogProbabilityTolerance))
            Assert.Fail($"{name}: log-probability {worst % 1000} of image {worst / 1000} is {Math.Log(probabilities[worst]).ToString(CultureInfo.InvariantCulture)}, " +
                $"torchvision's {expected[worst].ToString(CultureInfo.InvariantCulture)} (tolerance {LogProbabilityTolerance}). " + Diagnose(name, checkpoints, weights, images));
        // The outputs spread (fc was scaled for it): an argmax and a few units between the most and least likely classes.
        Assert.True(expected.Take(1000).Max() - expected.Take(1000).Min() > 3, "torchvision's log-probabilities are too flat to compare.");
    }

    /// <summary>The first checkpoint whose output differs from torchvision's, with by how much.</summary>
    private string Diagnose(string name, Checkpoint[] checkpoints, string weights, float[] images)
    {
        foreach (var checkpoint in checkpoints)
            if (CheckpointDifference(name, checkpoint, weights, images) is { } difference)
                return $"The first part that differs: {difference}.";
        return $"Every checkpoint through '{checkpoints[^1].Module}' agrees, so the layers after it (avgpool, fc) differ.";
    }

    /// <summary>Null when the truncated model's output for the first image matches torchvision's hook at the checkpoint, else
    /// what differs.</summary>
    private string? CheckpointDifference(string name, Checkpoint checkpoint, string weights, float[] images)
    {
        var model = checkpoint.Create();
        var report = model.LoadWeights(weights, WeightMatching.ByName, WeightLayout.PyTorch);
        Assert.Empty(report.NotLoaded);
        float[] actual = model.Predict(images.AsSpan(0, TorchvisionReference.Pixels));
        float[] expected = reference.Floats($"{name}.{checkpoint.Module}.nhwc.f32");
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1, expected.Max(Math.Abs));
        int worst = 0;
        for (int i = 0; i < expected.Length; i++)
            if (Math.Abs(actual[i] - expected[i]) > Math.Abs(actual[worst] - expected[worst])) worst = i;
        double difference = Math.Abs(actual[worst] - expected[worst]);
        return difference <= CheckpointTolerance * scale ? null
            : $"'{checkpoint.Module}' ({model.Info.Layers[^1].Name} here): value {worst} of {expected.Length} (NHWC) is " +
              $"{actual[worst].ToString(CultureInfo.InvariantCulture)}, torchvision's {expected[worst].ToString(CultureInfo.InvariantCulture)} " +
              $"(largest magnitude {scale.ToString("G4", CultureInfo.InvariantCulture)})";
    }

    [Fact]
    public void A_reused_resnet18_loads_torchvisions_weights_by_name_and_predicts_as_copied_ones()
    {
        RequireTorch();
        string weights = reference.PathOf("resnet18.safetensors");
        var loaded = new ResNet18TwoClasses(seed: 4);

        var report = loaded.LoadWeights(weights, WeightMatching.ByName, WeightLayout.PyTorch);

        Assert.Equal(["head/kernel (not in the file, where PyTorch would name it 'head.weight')", "head/bias (not in the file, where PyTorch would name it 'head.bias')"],
            report.NotLoaded);
        Assert.Equal(["fc.weight", "fc.bias"], report.Unused);
        Assert.Equal(loaded.Info.Tensors.Count() - 2, report.Loaded.Count);

        var resnet = new ResNet18(seed: 1);
        resnet.LoadWeights(weights, WeightMatching.Strict, WeightLayout.PyTorch);
        var copied = new ResNet18TwoClasses(seed: 4);
        copied.CopyWeightsFrom(resnet);
        Assert.Equal(copied.Parameters.ToArray(), loaded.Parameters.ToArray());
        float[] images = reference.Floats("images.nhwc.f32");
        Assert.Equal(copied.Predict(images), loaded.Predict(images));
    }
}
