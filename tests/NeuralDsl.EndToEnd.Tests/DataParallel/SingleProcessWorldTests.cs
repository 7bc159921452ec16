using NeuralDsl.Distributed;

namespace NeuralDsl.EndToEnd.Tests.DataParallel;

/// <summary>A program written for mpirun, started without it, trains exactly as without <see cref="FitOptions.DataParallel"/>.</summary>
public sealed class SingleProcessWorldTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("neuraldsl-world1-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Fit_in_a_world_of_one_equals_fit_alone_bit_for_bit_and_writes_the_files()
    {
        Assert.SkipWhen(MpiLaunch.IsStartedByLauncher(Environment.GetEnvironmentVariable), "These tests run under an MPI launcher.");
        using var world = MpiWorld.Initialize();
        var (x, labels) = ParallelRun.Data();
        var inWorld = new ParallelClassifier(seed: ParallelRun.Seed);
        var alone = new ParallelClassifier(seed: ParallelRun.Seed);

        var worldHistory = inWorld.Fit(x, labels, ParallelRun.Options(_directory, 0, world));
        var aloneHistory = alone.Fit(x, labels, ParallelRun.Options(_directory, 1, null));

        Assert.Equal(1, world.Size);
        Assert.Equal(alone.Parameters.ToArray(), inWorld.Parameters.ToArray());
        Assert.Equal(ParallelRun.Format(aloneHistory), ParallelRun.Format(worldHistory));
        Assert.Equal(ParallelRun.Epochs, worldHistory.Epochs);
        Assert.True(File.Exists(Path.Combine(_directory, "checkpoint-rank0.safetensors")));
    }
}
