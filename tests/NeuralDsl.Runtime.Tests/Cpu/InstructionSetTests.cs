using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using NeuralDsl.Runtime.Tests.Training;

namespace NeuralDsl.Runtime.Tests.Cpu;

/// <summary>
/// The CPU math picks its vector width from the hardware (AVX-512, AVX2, 128-bit, scalar), so one machine runs only its
/// own paths. These tests run the kernel test classes again in a child process of this test program with the runtime's
/// instruction-set switches turned off, so CI checks every path against the references, whatever its machine has.
/// </summary>
public sealed partial class InstructionSetTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>The test classes of the CPU kernels, each run under every setting.</summary>
    private static readonly Type[] KernelTestClasses =
    [
        typeof(GemmTests),
        typeof(DenseMathTests),
        typeof(Conv2DMathTests),
        typeof(PoolingMathTests),
        typeof(ActivationTests),
        typeof(DropoutAndRegularizationTests),
        typeof(SoftmaxAndLossTests),
        typeof(OptimizerTests),
        typeof(BatchNormalizationMathTests),
        typeof(GlobalPoolingMathTests),
        typeof(ZeroPaddingMathTests),
        typeof(ConcatenateMathTests),
        typeof(AugmentationMathTests),
    ];

    /// <summary>Without AVX-512 (the AVX2 path on most machines), without AVX2 (128-bit), without any SIMD (scalar).</summary>
    public static TheoryData<string> Settings() => new("DOTNET_EnableAVX512=0", "DOTNET_EnableAVX2=0", "DOTNET_EnableHWIntrinsic=0");

    [Theory]
    [MemberData(nameof(Settings))]
    public void Kernel_tests_pass_with(string setting)
    {
        var (exitCode, output) = RunKernelTests(setting);

        Assert.True(exitCode == 0, $"The kernel tests with {setting} exited with {exitCode}.\n{output}");
        var summary = Summary().Match(output);
        Assert.True(summary.Success, $"No test summary in the output with {setting}:\n{output}");
        int total = int.Parse(summary.Groups["total"].Value, CultureInfo.InvariantCulture);
        Assert.True(total > 0, $"The kernel tests with {setting} ran no test:\n{output}");
        Assert.Equal("0", summary.Groups["failed"].Value);
    }

    /// <summary>Runs this test program (<c>dotnet exec</c> of its assembly) on <see cref="KernelTestClasses"/> with
    /// <paramref name="setting"/> (NAME=value) in its environment; returns its exit code and its output.</summary>
    private static (int ExitCode, string Output) RunKernelTests(string setting)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(InstructionSetTests).Assembly.Location);
        foreach (var type in KernelTestClasses)
        {
            start.ArgumentList.Add("-class");
            start.ArgumentList.Add(type.FullName!);
        }
        start.ArgumentList.Add("-noColor");
        start.ArgumentList.Add("-noLogo");
        string[] nameAndValue = setting.Split('=');
        start.Environment[nameAndValue[0]] = nameAndValue[1];

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The kernel tests ran longer than {Timeout.TotalMinutes:0} min with {setting}.");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The <c>dotnet</c> host running these tests, else whichever is on the PATH.</summary>
    private static string DotnetHost()
    {
        string? path = Environment.ProcessPath;
        return path is not null && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? path : "dotnet";
    }

    /// <summary>The runner's summary line, e.g. <c>NeuralDsl.Runtime.Tests  Total: 568, Errors: 0, Failed: 0, …</c>.</summary>
    [GeneratedRegex(@"Total: (?<total>\d+), Errors: \d+, Failed: (?<failed>\d+)")]
    private static partial Regex Summary();
}
