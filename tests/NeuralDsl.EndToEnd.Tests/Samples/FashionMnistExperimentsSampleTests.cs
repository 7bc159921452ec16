using System.Text.RegularExpressions;

namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>The main job end to end on a small slice: what it prints, and that it says where it wrote.</summary>
public sealed class FashionMnistExperimentsSampleTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ndsl-main-job-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_run_prints_each_accuracy_once_formatted_and_says_where_its_files_went()
    {
        // Without Fashion-MNIST the job runs on synthetic images: the same output, other numbers.
        string logs = Path.Combine(_directory, "runs"), models = Path.Combine(_directory, "models"), chart = Path.Combine(_directory, "charts", "curves.svg");
        var result = SampleProcess.Run("FashionMnistExperiments",
            ["--only", "simple,two hidden", "--max-epochs", "1", "--train-rows", "1000", "--logdir", logs, "--save", models, "--chart", chart]);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Stdout.Split(Environment.NewLine);
        Assert.Contains("== simple: Dense(10) softmax, SGD, 1 epoch", lines);
        Assert.Contains("== two hidden: 2×Dense(128) ReLU, SGD, 1 epoch", lines);
        foreach (var (variant, stem) in new[] { ("simple", "simple"), ("two hidden", "two-hidden") })
        {
            // The variant's line and its table row show the same three accuracies.
            int line = Array.FindIndex(lines, l => l.StartsWith($"== {variant}:", StringComparison.Ordinal));
            var printed = Regex.Match(string.Join('\n', lines[line..]), @"   train (\S+ %)  validation (\S+ %)  test (\S+ %)");
            Assert.True(printed.Success, result.ToString());
            string row = lines.Single(l => l.StartsWith($"| {variant} ", StringComparison.Ordinal));
            string[] cells = row.Split('|', StringSplitOptions.TrimEntries);
            Assert.Equal([printed.Groups[1].Value, printed.Groups[2].Value, printed.Groups[3].Value], cells[5..8]);

            string variantLogs = Path.Combine(logs, stem);
            Assert.Contains($"   TensorBoard logs in {variantLogs}", lines);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(variantLogs, "train")));
            Assert.Contains($"   saved {Path.Combine(models, stem + ".safetensors")}", lines);
            Assert.True(File.Exists(Path.Combine(models, stem + ".safetensors")));
        }
        Assert.Contains($"TensorBoard logs of every variant under {logs}: view them with tensorboard --logdir {logs}", lines);
        Assert.Contains($"Curves of every variant: {chart}", lines);
        Assert.True(File.Exists(chart)); // in a folder that did not exist: made before training
        Assert.Empty(result.Stderr);
    }
}
