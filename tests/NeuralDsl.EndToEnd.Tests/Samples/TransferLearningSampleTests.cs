namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>The TransferLearning sample end to end on small slices of Fashion-MNIST: every step runs and reports.</summary>
public sealed class TransferLearningSampleTests
{
    [Fact]
    public void The_sample_trains_a_base_reuses_it_frozen_compares_with_scratch_and_fine_tunes()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");

        var result = SampleProcess.Run("TransferLearning",
            ["--base-rows", "600", "--base-epochs", "1", "--small-rows", "200", "--epochs", "1", "--fine-tune-epochs", "1", "--timing-rows", "200"]);

        Assert.True(result.ExitCode == 0, $"TransferLearning: {result}");
        Assert.Contains("Base network on classes 0-4: 600 images, 1 epoch" + Environment.NewLine, result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Non-trainable params: 4,800", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Test accuracy on classes 5-9 (5000 images), trained on 200:", result.Stdout, StringComparison.Ordinal);
        foreach (string line in new[] { "transfer (frozen base, new head):", "same network from scratch:", "transfer after fine-tuning:" })
            Assert.Matches(System.Text.RegularExpressions.Regex.Escape(line) + @"\s+\d+\.\d\d %", result.Stdout);
        Assert.Contains("One epoch over 200 images: head only", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }
}
