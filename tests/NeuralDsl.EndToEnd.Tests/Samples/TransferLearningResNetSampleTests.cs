using System.Diagnostics;

namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>
/// The TransferLearning sample's ResNet-50 path end to end on a few images: a PyTorch-layout state_dict written by the
/// sample's export script from a random torchvision resnet50 loads by name (all but the new head), the head trains and
/// is evaluated; without --weights the sample says where to get them; a missing file is an error naming it.
/// </summary>
public sealed class TransferLearningResNetSampleTests
{
    private static readonly string[] FewImages = ["--resnet-images", "6", "--resnet-test-images", "6", "--resnet-epochs", "1"];

    [Fact]
    public void A_torchvision_state_dict_loads_by_name_and_the_new_head_trains()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");
        string folder = Directory.CreateTempSubdirectory("ndsl-transfer-resnet-").FullName;
        try
        {
            string weights = Path.Combine(folder, "resnet50.safetensors");
            string? problem = ExportRandomResNet50(weights);
            Assert.SkipWhen(problem is not null, problem ?? "");

            var result = SampleProcess.Run("TransferLearning", ["--weights", weights, .. FewImages]);

            Assert.True(result.ExitCode == 0, $"TransferLearning --weights: {result}");
            // ResNet-50 through avgpool: 53 convolutions and 53 BatchNormalizations (4 tensors each) = 265 tensors; the
            // file's fc is unused and its 53 num_batches_tracked ignored.
            Assert.Contains("loaded 265 tensors; not loaded (the new head): head/kernel", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("unused (ImageNet's classifier): fc.weight, fc.bias; ignored: 53 num_batches_tracked", result.Stdout, StringComparison.Ordinal);
            // 23,561,152 = ResNet-50's 25,610,152 less fc (2048 × 1000 + 1000); the head is 2048 × 3 + 3.
            Assert.Contains("Trainable params: 6,147", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("Non-trainable params: 23,561,152", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("6 images of T-shirt/top, Trouser, Pullover, resized to 224x224, 1 epoch", result.Stdout, StringComparison.Ordinal);
            Assert.Matches(@"Test accuracy on 6 images of the three classes: \d+\.\d\d %", result.Stdout);
            Assert.Empty(result.Stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Without_weights_it_says_where_to_get_them_and_runs_on_random_weights()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");

        var result = SampleProcess.Run("TransferLearning", ["--resnet", .. FewImages]);

        Assert.True(result.ExitCode == 0, $"TransferLearning --resnet: {result}");
        Assert.Contains("No --weights given: the steps below run on random weights", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("https://huggingface.co/timm/resnet50.tv2_in1k/resolve/main/model.safetensors", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("samples/TransferLearning/export_torchvision_weights.py resnet50.safetensors", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Test accuracy on 6 images of the three classes: \d+\.\d\d %", result.Stdout);
    }

    [Fact]
    public void A_missing_weights_file_is_named_with_exit_code_1()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");
        string missing = Path.Combine(Path.GetTempPath(), $"ndsl-no-such-resnet50-{Environment.ProcessId}.safetensors");

        var result = SampleProcess.Run("TransferLearning", ["--weights", missing, .. FewImages]);

        Assert.True(result.ExitCode == 1, $"TransferLearning --weights {missing}: {result}");
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("export_torchvision_weights.py", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs samples/TransferLearning/export_torchvision_weights.py --random with the system Python's torch;
    /// null when it wrote <paramref name="path"/>, else why not (a skip reason when torch is missing).</summary>
    private static string? ExportRandomResNet50(string path)
    {
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        if (Python(python, ["-c", "import torch, torchvision"]) is not (0, _))
            return $"torch and torchvision are not installed for {python}: apt-get install python3-torch python3-torchvision (.ci/run installs them)";
        string script = Path.Combine(SampleProcess.RepositoryRoot(), "samples", "TransferLearning", "export_torchvision_weights.py");
        var (exitCode, output) = Python(python, [script, path, "--random", "1"]) ?? (-1, "it did not start or ran longer than 2 minutes");
        Assert.True(exitCode == 0 && File.Exists(path), $"{script} {path} --random 1: {output}");
        return null;
    }

    private static (int ExitCode, string Output)? Python(string python, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start);
            if (process is null) return null;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no Python at all
        }
    }
}
