using System.Diagnostics;

namespace NeuralDsl.EndToEnd.Tests.OpenCl;

/// <summary>
/// Without an OpenCL driver a program that asks for OpenCL stops with a message that says what to install.
/// Runs the built Parity sample as a child process whose ICD loader looks in an empty vendor folder
/// (<c>OCL_ICD_VENDORS=/nonexistent</c>), so it finds no platform even where PoCL is installed.
/// </summary>
public sealed class MissingDriverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void OpenCl_without_a_driver_exits_2_and_says_what_to_install()
    {
        var (exitCode, stdout, stderr) = RunParity("opencl");

        Assert.True(exitCode == 2, $"Parity exited with {exitCode}, not 2.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("install", stderr, StringComparison.Ordinal);
        Assert.Contains("ocl-icd-libopencl1", stderr, StringComparison.Ordinal);
        Assert.Contains("pocl-opencl-icd", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_without_a_driver_trains()
    {
        var (exitCode, stdout, stderr) = RunParity("cpu");

        Assert.True(exitCode == 0, $"Parity exited with {exitCode}, not 0.\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.StartsWith("Device: CPU", stdout, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>dotnet exec Parity.dll</c> with no OpenCL driver and <see cref="Device.EnvironmentVariable"/> set to <paramref name="device"/>.</summary>
    private static (int ExitCode, string Stdout, string Stderr) RunParity(string device)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ParityDll());
        start.Environment["OCL_ICD_VENDORS"] = "/nonexistent";
        start.Environment.Remove("OCL_ICD_FILENAMES");
        start.Environment[Device.EnvironmentVariable] = device;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Parity ran longer than {Timeout.TotalSeconds:0} s with {Device.EnvironmentVariable}={device}.");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The <c>dotnet</c> host running these tests, else whichever is on the PATH.</summary>
    private static string DotnetHost()
    {
        string? path = Environment.ProcessPath;
        return path is not null && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? path : "dotnet";
    }

    /// <summary>samples/Parity/bin/CONFIGURATION/net10.0/Parity.dll, for the configuration these tests were built in.</summary>
    private static string ParityDll()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        string configuration = output.Parent?.Name ?? throw new InvalidOperationException($"No configuration folder above {output.FullName}.");
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "NeuralDsl.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No folder above {output.FullName} holds NeuralDsl.sln.");

        string dll = Path.Combine(root.FullName, "samples", "Parity", "bin", configuration, "net10.0", "Parity.dll");
        Assert.True(File.Exists(dll),
            $"{dll} is missing: build the solution first (dotnet build NeuralDsl.sln -c {configuration}, or dotnet test NeuralDsl.sln, which builds the samples too).");
        return dll;
    }
}
