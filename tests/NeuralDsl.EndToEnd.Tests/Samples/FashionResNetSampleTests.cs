using System.Text.RegularExpressions;

namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>The FashionResNet sample end to end on a small slice of Fashion-MNIST: its network, progress and result line.</summary>
public sealed class FashionResNetSampleTests
{
    [Fact]
    public void The_sample_trains_the_residual_network_and_reports_accuracy_and_speed()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");

        var result = SampleProcess.Run("FashionResNet", ["--epochs", "2", "--train-rows", "256", "--test-rows", "100", "--batch-size", "64"]);

        Assert.True(result.ExitCode == 0, $"FashionResNet: {result}");
        string[] lines = result.Stdout.Split(Environment.NewLine);
        Assert.Contains("Device: CPU", lines);
        // The network as declared, counted by hand: kernels and biases 16·9 + 2·16·9·16 + (16·9·32 + 32·9·32 + 16·32 + 32)
        // + (32·9·64 + 64·9·64 + 32·64 + 64) + 64·10 + 10 = 77,178; the seven BatchNormalization layers hold 16·3 + 32·2
        // + 64·2 = 240 channels, each with gamma and beta (trainable) and a moving mean and variance (not).
        Assert.Contains("Total params: 78,138", lines);
        Assert.Contains("Trainable params: 77,658", lines);
        Assert.Contains("Non-trainable params: 480", lines);
        Assert.Equal(3, lines.Count(line => line.Contains("(Add)", StringComparison.Ordinal)));
        Assert.Contains(lines, line => line.StartsWith(" stage2_shortcut (Conv2D)", StringComparison.Ordinal) && line.Contains("(None, 14, 14, 32)", StringComparison.Ordinal));
        Assert.Contains("Epoch 1/2", lines);
        Assert.Contains("Epoch 2/2", lines);
        // 256 rows in steps of 64; the learning rate stays at Adam's 1e-3 (the schedule lowers it only from 4 epochs).
        Assert.Equal(2, lines.Count(line => Regex.IsMatch(line, @"^4/4 \[=+\] - .*learning_rate: 0\.0010$")));
        Assert.Matches(@"(?m)^NeuralDsl: test accuracy \d+\.\d\d % after 2 epochs, \d+\.\d s/epoch \(median\), \d+ samples/s, \d+ s in all$", result.Stdout.ReplaceLineEndings("\n"));
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void Help_lists_the_training_options()
    {
        var result = SampleProcess.Run("FashionResNet", ["--help"]);

        Assert.True(result.ExitCode == 0, $"FashionResNet --help: {result}");
        foreach (string option in new[] { "--epochs N", "--batch-size N", "--train-rows N", "--test-rows N" })
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [InlineData("--epochs", "0", "must be at least 1")]
    [InlineData("--batch-size", "many", "is not a whole number")]
    [InlineData("--train-rows", "-5", "must be at least 1")]
    [InlineData("--test-rows", "1.5", "is not a whole number")]
    public void A_malformed_value_is_named_with_exit_code_2(string option, string value, string reason)
    {
        var result = SampleProcess.Run("FashionResNet", [option, value]);

        Assert.True(result.ExitCode == 2, $"FashionResNet {option} {value}: {result}");
        Assert.Contains($"error: {option} N: '{value}' {reason}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Device:", result.Stdout, StringComparison.Ordinal);
    }
}
