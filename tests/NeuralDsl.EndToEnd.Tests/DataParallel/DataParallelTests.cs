using System.Runtime.InteropServices;
using NeuralDsl.EndToEnd.Tests.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.DataParallel;

/// <summary>
/// Issue 14: data-parallel training under <c>mpirun</c> (this test assembly is the program each rank runs,
/// <see cref="DataParallelChild"/>). N ranks take the steps a single process takes on the same global batches; every
/// rank ends with the same parameters bit for bit and the same history; files are written by rank 0 only; a failing or
/// killed rank ends the whole job promptly, and a divergence on one rank's share is seen by all.
/// </summary>
public sealed class DataParallelTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("neuraldsl-mpi-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Theory]
    [InlineData(2, "cpu")]
    [InlineData(4, "cpu")]
    [InlineData(2, "opencl")]
    public void Ranks_take_the_steps_of_one_process_and_end_bit_identical(int ranks, string device)
    {
        if (device == "opencl") _ = OpenClModels.Device; // skips where no OpenCL platform is installed
        var result = MpiRunner.Run("train", ranks, _directory, device);
        Assert.True(result.ExitCode == 0, result.ToString());

        // The single-process reference, on the CPU: the same data, options and seed as rank 0, no DataParallel.
        string reference = Directory.CreateDirectory(PathOf("reference")).FullName;
        var alone = new ParallelClassifier(seed: ParallelRun.Seed);
        var (x, labels) = ParallelRun.Data();
        var history = alone.Fit(x, labels, ParallelRun.Options(reference, 0, null));
        float[] expected = alone.Parameters.ToArray();

        for (int rank = 0; rank < ranks; rank++)
            Assert.StartsWith(device == "cpu" ? "CPU" : "OpenCL", File.ReadAllText(PathOf($"device-rank{rank}")), StringComparison.Ordinal);
        byte[] rootBytes = File.ReadAllBytes(PathOf("parameters-rank0"));
        string rootHistory = File.ReadAllText(PathOf("history-rank0"));
        for (int rank = 1; rank < ranks; rank++)
        {
            Assert.True(rootBytes.AsSpan().SequenceEqual(File.ReadAllBytes(PathOf($"parameters-rank{rank}"))), $"rank {rank}'s parameters differ from rank 0's");
            Assert.Equal(rootHistory, File.ReadAllText(PathOf($"history-rank{rank}")));
        }

        // CPU ranks: float rounding of another summation order only. OpenCL ranks: the backends' own difference too.
        double tolerance = device == "cpu" ? 1e-5 : 1e-3;
        float[] parameters = MemoryMarshal.Cast<byte, float>(rootBytes).ToArray();
        Assert.Equal(expected.Length, parameters.Length);
        double scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(parameters[i] - expected[i]) <= tolerance * Math.Max(Math.Abs(expected[i]), 0.1 * scale),
                $"parameter {i}: {ranks} ranks {parameters[i]}, one process {expected[i]}");
        var parallelLines = rootHistory.Split('\n');
        var aloneLines = ParallelRun.Format(history).Split('\n');
        Assert.Equal(aloneLines.Length, parallelLines.Length);
        Assert.Equal(ParallelRun.Epochs, parallelLines.Length);
        for (int epoch = 0; epoch < aloneLines.Length; epoch++)
            AssertClose(aloneLines[epoch], parallelLines[epoch], 10 * tolerance, epoch);

        // Files written once, by rank 0: its checkpoint holds the trained weights and loads.
        Assert.True(File.Exists(PathOf("checkpoint-rank0.safetensors")));
        Assert.True(File.Exists(PathOf("log-rank0.csv")));
        for (int rank = 1; rank < ranks; rank++)
        {
            Assert.False(File.Exists(PathOf($"checkpoint-rank{rank}.safetensors")), $"rank {rank} wrote a checkpoint");
            Assert.False(File.Exists(PathOf($"log-rank{rank}.csv")), $"rank {rank} wrote a CSV log");
        }
        Assert.Equal(ParallelRun.Epochs + 1, File.ReadAllLines(PathOf("log-rank0.csv")).Length);
        var loaded = ParallelClassifier.Load(PathOf("checkpoint-rank0.safetensors"));
        Assert.Equal(parameters, loaded.Parameters.ToArray());
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void Ranks_end_with_bit_identical_moving_statistics(string device)
    {
        if (device == "opencl") _ = OpenClModels.Device; // skips where no OpenCL platform is installed
        var result = MpiRunner.Run("train-batch-norm", 2, _directory, device);
        Assert.True(result.ExitCode == 0, result.ToString());
        byte[] root = File.ReadAllBytes(PathOf("parameters-rank0"));
        Assert.True(root.AsSpan().SequenceEqual(File.ReadAllBytes(PathOf("parameters-rank1"))), "rank 1's parameters (moving statistics included) differ from rank 0's");
        var info = new ParallelBatchNormClassifier(seed: 1).Info;
        var mean = info.Tensors.Single(t => t.Name == "bn/moving_mean");
        float[] parameters = MemoryMarshal.Cast<byte, float>(root).ToArray();
        Assert.Contains(parameters.AsSpan(mean.Offset, mean.Length).ToArray(), v => v != 0); // training moved them
    }

    /// <summary>Each "name=value" of the two lines agrees within <paramref name="tolerance"/> relative.</summary>
    private static void AssertClose(string expected, string actual, double tolerance, int epoch)
    {
        var want = expected.Split(' ').Select(pair => pair.Split('=')).ToArray();
        var got = actual.Split(' ').Select(pair => pair.Split('=')).ToArray();
        Assert.Equal(want.Select(pair => pair[0]), got.Select(pair => pair[0]));
        for (int i = 0; i < want.Length; i++)
        {
            double a = double.Parse(want[i][1], System.Globalization.CultureInfo.InvariantCulture);
            double b = double.Parse(got[i][1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), 1e-3), $"epoch {epoch + 1}, {want[i][0]}: one process {a}, ranks {b}");
        }
    }

    [Fact]
    public void A_rank_that_throws_ends_the_job_with_its_message()
    {
        var result = MpiRunner.Run("fail", 2, _directory);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(DataParallelChild.FailureMessage, result.Output, StringComparison.Ordinal);
        Assert.Contains("rank 1 of 2", result.Output, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), result.ToString());
    }

    /// <summary>Issue 20, item 13: Fit's argument checks ran before its abort guard, so rank 1's refused arguments, caught by
    /// the program, left rank 0 waiting in Fit's first collective call forever (here: until <see cref="MpiRunner.Timeout"/>).</summary>
    [Theory]
    [InlineData("bad-labels", "labels[3] = 99 is outside the 4 classes")]
    [InlineData("bad-targets", "so y must hold 174 rows × 4 = 696 values")]
    public void A_rank_whose_arguments_are_refused_ends_the_job_even_when_the_program_catches_it(string scenario, string refusal)
    {
        var result = MpiRunner.Run(scenario, 2, _directory);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(refusal, result.Output, StringComparison.Ordinal);
        Assert.Contains("rank 1 of 2", result.Output, StringComparison.Ordinal);
        // The job ends as the exception leaves Fit, before the program's handler runs.
        Assert.False(File.Exists(PathOf("caught-rank1")), result.ToString());
    }

    public static TheoryData<string> DisagreementCases => new(Disagreements.All.Keys);

    /// <summary>Issue 20, items 14 and 15: ranks that would train apart (another optimizer or setting, schedule, frozen layer,
    /// weights changed by a callback on one rank, or the same rows in another order) are refused, by every rank alike
    /// (a catchable exception, as a divergence is), never trained with different weights on each rank.</summary>
    [Theory]
    [MemberData(nameof(DisagreementCases))]
    public void Ranks_that_would_train_apart_are_refused_on_every_rank(string disagreement)
    {
        var result = MpiRunner.Run(Disagreements.ScenarioPrefix + disagreement, 2, _directory);

        Assert.True(result.ExitCode == 0, result.ToString());
        string expected = Disagreements.All[disagreement].Refusal;
        for (int rank = 0; rank < 2; rank++)
        {
            Assert.False(File.Exists(PathOf($"trained-rank{rank}")), $"rank {rank} trained without a refusal\n{result}");
            string refusal = File.ReadAllText(PathOf($"refused-rank{rank}"));
            Assert.StartsWith("Data-parallel Fit: ", refusal, StringComparison.Ordinal);
            Assert.Contains(expected, refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_killed_rank_ends_the_job_within_seconds_and_rank_0s_last_checkpoint_loads()
    {
        var result = MpiRunner.Run("kill", 2, _directory);

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), result.ToString());
        // Rank 1 died as epoch 3 began, after rank 0 had saved epochs 1 and 2 (the epoch's end is collective).
        var model = ParallelClassifier.Load(PathOf("checkpoint-rank0.safetensors"));
        Assert.True(model.Parameters.ToArray().All(float.IsFinite));
        Assert.True(File.ReadAllLines(PathOf("log-rank0.csv")).Length >= 3, result.ToString());
        Assert.False(File.Exists(PathOf("checkpoint-rank1.safetensors")));
    }

    [Fact]
    public void A_loss_that_overflows_on_one_ranks_share_stops_every_rank_the_same_way()
    {
        var result = MpiRunner.Run("diverge", 2, _directory);

        Assert.True(result.ExitCode == 0, result.ToString());
        string message = File.ReadAllText(PathOf("diverged-rank0"));
        Assert.StartsWith("Training diverged: the loss of batch", message, StringComparison.Ordinal);
        Assert.Equal(message, File.ReadAllText(PathOf("diverged-rank1")));
    }
}
