namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>The Sweeps sample end to end on a small slice of Fashion-MNIST: a search per sweep, its table and its best.</summary>
public sealed class SweepsSampleTests
{
    [Fact]
    public void The_learning_rate_sweep_prints_its_trials_table_and_best()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");

        var result = SampleProcess.Run("Sweeps", ["--sweep", "lr", "--epochs", "1", "--rows", "1000"]);

        Assert.True(result.ExitCode == 0, $"Sweeps: {result}");
        string[] lines = result.Stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Count(line => line.StartsWith("trial ", StringComparison.Ordinal)));
        int header = Array.IndexOf(lines, "rank  learning_rate  val_accuracy  best epoch  s/epoch");
        Assert.True(header >= 0, result.ToString());
        // The four ranks follow the header and its rule, best first.
        Assert.Equal(["1", "2", "3", "4"], lines.Skip(header + 2).Take(4).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
        Assert.Contains("Best: learning_rate=", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("test accuracy", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }
}
