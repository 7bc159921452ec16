namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>
/// Every sample behaves like a command-line tool: <c>--help</c> lists its options and exits 0; an unknown option, a
/// missing value or a malformed number is named on stderr with exit code 2, before anything is trained.
/// </summary>
public sealed class SampleCommandLineTests
{
    public static TheoryData<string> Samples() => [.. SampleProcess.Names()];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Help_lists_the_options_and_exits_0(string sample)
    {
        var result = SampleProcess.Run(sample, ["--help"]);

        Assert.True(result.ExitCode == 0, $"{sample} --help: {result}");
        Assert.Contains("usage: " + sample, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--help", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void An_unknown_option_is_named_with_exit_code_2(string sample)
    {
        var result = SampleProcess.Run(sample, ["--no-such-option"]);

        Assert.True(result.ExitCode == 2, $"{sample} --no-such-option: {result}");
        Assert.Contains("unknown option '--no-such-option'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Device:", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FashionMnistExperiments", "--max-epochs", "many", "is not a whole number")]
    [InlineData("FashionMnistExperiments", "--max-epochs", "0", "must be at least 1")]
    [InlineData("FashionCnn", "--epochs", "1.5", "is not a whole number")]
    [InlineData("FashionCnn", "--target-accuracy", "90", "is not a number in [0, 1]")]
    [InlineData("LeNet", "--train-rows", "-3", "must be at least 1")]
    [InlineData("Cifar10Cnn", "--epochs", "", "is not a whole number")]
    [InlineData("Classify", "--top", "x", "is not a whole number")]
    [InlineData("Sweeps", "--sweep", "dropout", "is not lr, units, batch or all")]
    [InlineData("Sweeps", "--epochs", "0", "must be at least 1")]
    [InlineData("Sweeps", "--rows", "many", "is not a whole number")]
    [InlineData("TransferLearning", "--small-rows", "0", "must be at least 1")]
    [InlineData("TransferLearning", "--fine-tune-epochs", "two", "is not a whole number")]
    [InlineData("FashionMnistExperiments", "--max-epochs", "99999999999", "is out of range")]
    [InlineData("FashionMnistExperiments", "--chart", "", "is empty")]
    [InlineData("FashionMnistExperiments", "--logdir", "", "is empty")]
    [InlineData("FashionMnistExperiments", "--save", "", "is empty")]
    [InlineData("Sweeps", "--charts", "", "is empty")]
    [InlineData("TransferLearning", "--weights", "", "is empty")]
    [InlineData("Cifar10Cnn", "--data", "", "is empty")]
    [InlineData("DataParallel", "--save", "", "is empty")]
    [InlineData("DataParallel", "--model", "rnn", "is not mlp or cnn")]
    public void A_malformed_value_is_named_with_exit_code_2(string sample, string option, string value, string reason)
    {
        foreach (string[] args in new[] { new[] { option, value }, new[] { $"{option}={value}" } })
        {
            var result = SampleProcess.Run(sample, args);

            Assert.True(result.ExitCode == 2, $"{sample} {string.Join(' ', args)}: {result}");
            Assert.Contains($"{option}", result.Stderr, StringComparison.Ordinal);
            Assert.Contains($"'{value}' {reason}", result.Stderr, StringComparison.Ordinal);
            // The value named once, in one line: "--model NAME: 'rnn' is not mlp or cnn".
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Stderr, System.Text.RegularExpressions.Regex.Escape($"'{value}'")));
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_option_where_a_value_belongs_is_a_missing_value()
    {
        // "--max-epochs --seed 3" forgot the number: it is not read as "--seed" being the number of epochs.
        var result = SampleProcess.Run("FashionMnistExperiments", ["--max-epochs", "--seed", "3"]);

        Assert.True(result.ExitCode == 2, $"FashionMnistExperiments --max-epochs --seed 3: {result}");
        Assert.Contains("--max-epochs needs a value (N)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_is_named_with_exit_code_2()
    {
        var result = SampleProcess.Run("FashionCnn", ["--epochs"]);

        Assert.True(result.ExitCode == 2, $"FashionCnn --epochs: {result}");
        Assert.Contains("--epochs needs a value (N)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_names_a_missing_weights_file_with_exit_code_1()
    {
        string input = Path.Combine(Path.GetTempPath(), $"classify-{Guid.NewGuid():N}.csv");
        File.WriteAllText(input, string.Join(',', Enumerable.Repeat("0", 784)));
        try
        {
            var result = SampleProcess.Run("Classify", ["--weights", "/nonexistent/adam.safetensors", input]);

            Assert.True(result.ExitCode == 1, $"Classify: {result}");
            Assert.Contains("/nonexistent/adam.safetensors", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public void Classify_without_weights_is_a_usage_error()
    {
        var result = SampleProcess.Run("Classify", ["images.idx"]);

        Assert.True(result.ExitCode == 2, $"Classify: {result}");
        Assert.Contains("--weights FILE is required", result.Stderr, StringComparison.Ordinal);
    }
}
