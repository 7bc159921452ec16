using System.Text.RegularExpressions;

namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>
/// The Cifar10ResNet sample end to end on a few synthetic images: the Keras example's ResNet-20 v1 reports Keras's
/// counts (model.summary() of keras.io's cifar10_resnet, version 1, n = 3) and trains.
/// </summary>
public sealed class Cifar10ResNetSampleTests
{
    [Fact]
    public void ResNet20_reports_the_keras_counts_and_trains_on_synthetic_images()
    {
        var result = SampleProcess.Run("Cifar10ResNet", ["--epochs", "1", "--train-rows", "64", "--test-rows", "64"]);

        Assert.True(result.ExitCode == 0, $"Cifar10ResNet: {result}");
        string[] lines = result.Stdout.Split(Environment.NewLine);
        Assert.Contains("No --data folder given: training on synthetic 32×32×3 images (CIFAR-10 is not installable here).", lines);
        // Keras's model.summary() of the example's resnet_v1(input_shape=(32, 32, 3), depth=20).
        Assert.Contains("Total params: 274,442", lines);
        Assert.Contains("Trainable params: 273,066", lines);
        Assert.Contains("Non-trainable params: 1,376", lines);
        // The generated constant is Keras's total too (the moving statistics included).
        Assert.Contains("ResNet20V1.ParameterCount = 274,442", lines);
        // 19 convolutions with BatchNormalization and the 2 projection shortcuts without; 9 blocks; the head.
        Assert.Equal(21, lines.Count(line => line.Contains("(Conv2D)", StringComparison.Ordinal)));
        Assert.Equal(19, lines.Count(line => line.Contains("(BatchNormalization)", StringComparison.Ordinal)));
        Assert.Equal(9, lines.Count(line => line.Contains("(Add)", StringComparison.Ordinal)));
        Assert.Contains(lines, line => line.StartsWith(" average_pooling2d (AveragePooling2D)", StringComparison.Ordinal) && line.Contains("(None, 1, 1, 64)", StringComparison.Ordinal));
        Assert.Contains("Epoch 1/1", lines);
        // 64 rows in the example's batches of 32, at the example's first learning rate.
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^2/2 - .*learning_rate: 0\.0010$"));
        Assert.Matches(@"(?m)^ResNet-20 v1 on synthetic images: test accuracy \d+\.\d\d % after 1 epoch of 64 images, \d+\.\d s/epoch \(median\), \d+ samples/s, \d+ s in all$",
            result.Stdout.ReplaceLineEndings("\n"));
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void With_data_it_trains_on_the_cifar_batches_in_the_folder()
    {
        // Five training batches of 16 images and a test batch of 16, in the binary format: class = brightness band.
        string folder = Directory.CreateTempSubdirectory("ndsl-cifar-").FullName;
        try
        {
            var random = new Random(7);
            foreach (string name in new[] { "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin" })
            {
                int[] labels = Enumerable.Range(0, 16).Select(_ => random.Next(10)).ToArray();
                float[] images = labels.SelectMany(label => Enumerable.Range(0, Cifar10.FeatureSize).Select(_ => (label + (float)random.NextDouble()) / 10)).ToArray();
                Cifar10.WriteBatch(Path.Combine(folder, name), images, labels);
            }

            var result = SampleProcess.Run("Cifar10ResNet", ["--data", folder, "--epochs", "1"]);

            Assert.True(result.ExitCode == 0, $"Cifar10ResNet --data {folder}: {result}");
            string[] lines = result.Stdout.Split(Environment.NewLine);
            Assert.Contains($"CIFAR-10 from {folder}: 80 training images and 16 test images.", lines);
            Assert.Contains(lines, line => Regex.IsMatch(line, @"^3/3 - .*learning_rate: 0\.0010$"));
            Assert.Contains(lines, line => line.StartsWith("ResNet-20 v1 on CIFAR-10: test accuracy ", StringComparison.Ordinal) && line.Contains(" after 1 epoch of 80 images, ", StringComparison.Ordinal));
            Assert.Empty(result.Stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Help_lists_the_data_and_training_options()
    {
        var result = SampleProcess.Run("Cifar10ResNet", ["--help"]);

        Assert.True(result.ExitCode == 0, $"Cifar10ResNet --help: {result}");
        foreach (string option in new[] { "--data DIR", "--epochs N", "--batch-size N", "--train-rows N", "--test-rows N" })
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void A_folder_without_the_batches_is_named_with_exit_code_1()
    {
        string folder = Directory.CreateTempSubdirectory("ndsl-cifar-").FullName;
        try
        {
            var result = SampleProcess.Run("Cifar10ResNet", ["--data", folder]);

            Assert.True(result.ExitCode == 1, $"Cifar10ResNet --data {folder}: {result}");
            Assert.Contains($"CIFAR-10 not found in {folder}: missing data_batch_1.bin", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--data", "", "DIR", "is empty")]
    [InlineData("--epochs", "0", "N", "must be at least 1")]
    [InlineData("--batch-size", "x", "N", "is not a whole number")]
    [InlineData("--train-rows", "-1", "N", "must be at least 1")]
    [InlineData("--test-rows", "", "N", "is not a whole number")]
    public void A_malformed_value_is_named_with_exit_code_2(string option, string value, string label, string reason)
    {
        var result = SampleProcess.Run("Cifar10ResNet", [option, value]);

        Assert.True(result.ExitCode == 2, $"Cifar10ResNet {option} '{value}': {result}");
        Assert.Contains($"error: {option} {label}: '{value}' {reason}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Device:", result.Stdout, StringComparison.Ordinal);
    }
}
