using NeuralDsl.Generators.Tests.Infrastructure;

namespace NeuralDsl.Generators.Tests.Snapshots;

/// <summary>Generated code compared with golden files, and compiled against the real runtime with no
/// error and no warning.</summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData(nameof(SnapshotModels.Small), SnapshotModels.Small, "Demo.Small.g.cs")]
    [InlineData(nameof(SnapshotModels.Parity), SnapshotModels.Parity, "ParityModel.g.cs")]
    [InlineData(nameof(SnapshotModels.ActivationZoo), SnapshotModels.ActivationZoo, "Zoo.Models.ActivationZoo.g.cs")]
    [InlineData(nameof(SnapshotModels.ImageNoise), SnapshotModels.ImageNoise, "Demo.Images.ImageNoise.g.cs")]
    [InlineData(nameof(SnapshotModels.NestedClassifier), SnapshotModels.NestedClassifier, "Demo.Experiments.NestedClassifier.g.cs")]
    [InlineData(nameof(SnapshotModels.SmallCnn), SnapshotModels.SmallCnn, "Demo.SmallCnn.g.cs")]
    [InlineData(nameof(SnapshotModels.LeNet), SnapshotModels.LeNet, "Demo.Vision.LeNet.g.cs")]
    [InlineData(nameof(SnapshotModels.KerasMnistCnn), SnapshotModels.KerasMnistCnn, "Demo.KerasMnistCnn.g.cs")]
    [InlineData(nameof(SnapshotModels.TransferHead), SnapshotModels.TransferHead, "Demo.Transfer.Shoes.g.cs")]
    [InlineData(nameof(SnapshotModels.ResidualBlock), SnapshotModels.ResidualBlock, "Demo.Graphs.ResidualBlock.g.cs")]
    public void GeneratedCodeMatchesSnapshotAndCompilesCleanly(string name, string source, string hintName)
    {
        var run = GeneratorHarness.Run(source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.True(run.GeneratedSources.TryGetValue(hintName, out var generated),
            $"No {hintName}; generated: {string.Join(", ", run.GeneratedSources.Keys)}");
        Assert.Empty(run.CompilationProblems);
        Snapshot.Match(name, generated!);
    }
}
