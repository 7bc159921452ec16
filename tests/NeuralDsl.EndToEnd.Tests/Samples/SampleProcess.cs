using System.Diagnostics;

namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>Runs a built sample (samples/NAME/bin/CONFIGURATION/FRAMEWORK/NAME.dll) as a child process, as a user would.</summary>
internal static class SampleProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
    }

    /// <summary>The samples of this repository: every folder under samples/ with a project of its name.</summary>
    public static IEnumerable<string> Names() =>
        Directory.GetDirectories(Path.Combine(RepositoryRoot(), "samples"))
            .Where(folder => File.Exists(Path.Combine(folder, Path.GetFileName(folder) + ".csproj")))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal);

    /// <summary>Runs <c>dotnet exec</c> on the sample with <paramref name="args"/>, the environment changed by <paramref name="environment"/>.</summary>
    public static Result Run(string sample, IEnumerable<string> args, Action<IDictionary<string, string?>>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Dll(sample));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        environment?.Invoke(start.Environment);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{sample} {string.Join(' ', args)} ran longer than {Timeout.TotalSeconds:0} s.");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The <c>dotnet</c> host running these tests, else whichever is on the PATH.</summary>
    private static string DotnetHost()
    {
        string? path = Environment.ProcessPath;
        return path is not null && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? path : "dotnet";
    }

    /// <summary>The sample's assembly for the configuration these tests were built in, whatever its framework.</summary>
    private static string Dll(string sample)
    {
        string bin = Path.Combine(RepositoryRoot(), "samples", sample, "bin", Configuration());
        string? dll = Directory.Exists(bin)
            ? Directory.GetDirectories(bin).Select(framework => Path.Combine(framework, sample + ".dll")).FirstOrDefault(File.Exists)
            : null;
        Assert.True(dll is not null,
            $"{sample}.dll is missing under {bin}: build the solution first (dotnet build NeuralDsl.sln -c {Configuration()}, or dotnet test NeuralDsl.sln, which builds the samples too).");
        return dll;
    }

    private static string Configuration()
    {
        var output = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        return output.Parent?.Name ?? throw new InvalidOperationException($"No configuration folder above {output.FullName}.");
    }

    /// <summary>The folder holding NeuralDsl.sln, above these tests' output.</summary>
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "NeuralDsl.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds NeuralDsl.sln.");
    }
}
