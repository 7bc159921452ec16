using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDsl.EndToEnd.Tests.DataParallel;

/// <summary>
/// The program mpirun starts for <see cref="DataParallelTests"/>: when this test assembly starts with
/// <see cref="ScenarioVariable"/> set, each rank runs that scenario (<see cref="ParallelRun"/>) and writes what it found
/// under <see cref="DirectoryVariable"/>, instead of running tests.
/// </summary>
internal static class DataParallelChild
{
    public const string ScenarioVariable = "NEURALDSL_TESTS_MPI";
    public const string DirectoryVariable = "NEURALDSL_TESTS_MPI_DIR";
    public const string DeviceVariable = "NEURALDSL_TESTS_MPI_DEVICE";
    public const string FailureMessage = "rank 1 fails on purpose in epoch 2";
    public const int BadLabel = 99;

    // Runs when the test assembly loads, before the test runner's Main, and only in a process started for this purpose.
    [ModuleInitializer]
    internal static void RunWhenAsked()
    {
        string? scenario = Environment.GetEnvironmentVariable(ScenarioVariable);
        if (string.IsNullOrEmpty(scenario)) return;
        string directory = Environment.GetEnvironmentVariable(DirectoryVariable) ?? throw new InvalidOperationException(DirectoryVariable + " is not set.");
        using (var world = MpiWorld.Initialize())
        {
            Run(scenario, directory, world);
        }
        Environment.Exit(0);
    }

    private static void Run(string scenario, string directory, MpiWorld world)
    {
        int rank = world.Rank;
        // Seeded apart: Fit must give every rank rank 0's weights and rank 0's shuffle.
        var model = new ParallelClassifier(seed: ParallelRun.Seed + 100 * rank);
        if (Environment.GetEnvironmentVariable(DeviceVariable) == "opencl") model.UseDevice(Device.OpenCl());
        var (x, labels) = ParallelRun.Data();
        string Output(string name) => Path.Combine(directory, $"{name}-rank{rank}");
        switch (scenario)
        {
            case "train-batch-norm":
                var withState = new ParallelBatchNormClassifier(seed: ParallelRun.Seed + 100 * rank);
                if (Environment.GetEnvironmentVariable(DeviceVariable) == "opencl") withState.UseDevice(Device.OpenCl());
                withState.Fit(x, labels, ParallelRun.Options(directory, rank, world));
                File.WriteAllBytes(Output("parameters"), MemoryMarshal.AsBytes(withState.Parameters).ToArray());
                break;
            case "train":
                var history = model.Fit(x, labels, ParallelRun.Options(directory, rank, world));
                File.WriteAllBytes(Output("parameters"), MemoryMarshal.AsBytes(model.Parameters).ToArray());
                File.WriteAllText(Output("history"), ParallelRun.Format(history));
                File.WriteAllText(Output("device"), model.Device.ToString());
                break;
            case "fail":
                model.Fit(x, labels, ParallelRun.Options(directory, rank, world, new FailOn(rank == 1, epoch: 1)));
                break;
            case "kill":
                var options = ParallelRun.Options(directory, rank, world, new KillOn(rank == 1, epoch: 2));
                options.Epochs = 1000; // rank 0 would train for minutes: only the dead rank can end it
                model.Fit(x, labels, options);
                break;
            case "diverge":
                // One row far beyond what the weights can take: the loss of the batch that holds it overflows, on the one rank
                // whose share holds it.
                x.AsSpan(5 * ParallelClassifier.InputSize, ParallelClassifier.InputSize).Fill(3e38f);
                try
                {
                    model.Fit(x, labels, ParallelRun.Options(directory, rank, world));
                    File.WriteAllText(Output("diverged"), "no divergence");
                }
                catch (TrainingDivergedException e)
                {
                    File.WriteAllText(Output("diverged"), e.Message);
                }
                break;
            case "bad-labels" or "bad-targets":
                // Rank 1's own arguments are wrong, and this program catches what Fit throws: rank 0, already in Fit's
                // first collective call, would wait for rank 1 forever unless Fit ends the job.
                try
                {
                    var badOptions = ParallelRun.Options(directory, rank, world);
                    if (scenario == "bad-labels")
                    {
                        if (rank == 1) labels[3] = BadLabel;
                        model.Fit(x, labels, badOptions);
                    }
                    else
                    {
                        ReadOnlySpan<float> targets = OneHot(labels);
                        model.Fit(x, rank == 1 ? targets[1..] : targets, badOptions); // one value short on rank 1
                    }
                }
                catch (ArgumentException e)
                {
                    File.WriteAllText(Output("caught"), e.Message);
                }
                break;
            case var disagreement when disagreement.StartsWith(Disagreements.ScenarioPrefix, StringComparison.Ordinal):
                var setup = new RankSetup(model, x, labels, ParallelRun.Options(directory, rank, world));
                Disagreements.All[disagreement[Disagreements.ScenarioPrefix.Length..]].Apply(rank, setup);
                try
                {
                    setup.Model.Fit(setup.X, setup.Labels, setup.Options);
                    File.WriteAllText(Output("trained"), "not refused");
                }
                catch (InvalidOperationException e)
                {
                    File.WriteAllText(Output("refused"), e.Message);
                }
                break;
            default:
                throw new ArgumentException($"No scenario '{scenario}'.");
        }
    }

    private static float[] OneHot(int[] labels)
    {
        var targets = new float[labels.Length * ParallelClassifier.OutputSize];
        for (int r = 0; r < labels.Length; r++) targets[r * ParallelClassifier.OutputSize + labels[r]] = 1;
        return targets;
    }

    private sealed class FailOn(bool fails, int epoch) : Callback
    {
        public override void OnEpochEnd(TrainingContext training, EpochLog log)
        {
            if (fails && log.Epoch == epoch) throw new InvalidOperationException(FailureMessage);
        }
    }

    private sealed class KillOn(bool dies, int epoch) : Callback
    {
        public override void OnEpochBegin(TrainingContext training, int begins)
        {
            if (dies && begins == epoch) Process.GetCurrentProcess().Kill(); // SIGKILL: no handler, no MPI_Abort
        }
    }
}
