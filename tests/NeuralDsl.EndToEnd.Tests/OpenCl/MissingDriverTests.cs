using NeuralDsl.EndToEnd.Tests.Samples;

namespace NeuralDsl.EndToEnd.Tests.OpenCl;

/// <summary>
/// Without an OpenCL driver a program that asks for OpenCL stops with a message that says what to install.
/// Runs the built Parity sample as a child process whose ICD loader looks in an empty vendor folder
/// (<c>OCL_ICD_VENDORS=/nonexistent</c>), so it finds no platform even where PoCL is installed.
/// </summary>
public sealed class MissingDriverTests
{
    [Fact]
    public void OpenCl_without_a_driver_exits_2_and_says_what_to_install()
    {
        var result = RunParity("opencl");

        Assert.True(result.ExitCode == 2, $"Parity: {result}");
        Assert.Contains("install", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("ocl-icd-libopencl1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("pocl-opencl-icd", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_without_a_driver_trains()
    {
        var result = RunParity("cpu");

        Assert.True(result.ExitCode == 0, $"Parity: {result}");
        Assert.StartsWith("Device: CPU", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Runs Parity with no OpenCL driver and <see cref="Device.EnvironmentVariable"/> set to <paramref name="device"/>.</summary>
    private static SampleProcess.Result RunParity(string device) =>
        SampleProcess.Run("Parity", [], environment =>
        {
            environment["OCL_ICD_VENDORS"] = "/nonexistent";
            environment.Remove("OCL_ICD_FILENAMES");
            environment[Device.EnvironmentVariable] = device;
        });
}
