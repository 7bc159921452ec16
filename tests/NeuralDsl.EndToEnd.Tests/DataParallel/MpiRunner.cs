using System.Diagnostics;

namespace NeuralDsl.EndToEnd.Tests.DataParallel;

/// <summary>
/// Starts this test assembly under <c>mpirun</c> as <see cref="DataParallelChild"/>. Where mpirun is not installed the
/// calling test is skipped (<c>.ci/run</c> installs openmpi-bin and libopenmpi-dev), never passed.
/// </summary>
internal static class MpiRunner
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed)
    {
        public override string ToString() => $"exit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n{Output}";
    }

    /// <summary>mpirun's path, or a skip of the calling test.</summary>
    public static string Mpirun()
    {
        string? found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "mpirun")).FirstOrDefault(File.Exists);
        Assert.SkipWhen(found is null, "mpirun is not installed (.ci/run installs it: apt-get install openmpi-bin libopenmpi-dev).");
        return found!;
    }

    /// <summary>Runs <paramref name="scenario"/> on <paramref name="ranks"/> processes, writing into <paramref name="directory"/>.</summary>
    public static Result Run(string scenario, int ranks, string directory, string device = "cpu")
    {
        var start = new ProcessStartInfo(Mpirun())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Root is allowed (containers, CI); more ranks than cores are allowed (a 2-core machine runs 4).
        foreach (string arg in new[] { "--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in new[] { (DataParallelChild.ScenarioVariable, scenario), (DataParallelChild.DirectoryVariable, directory), (DataParallelChild.DeviceVariable, device) })
        {
            start.Environment[name] = value;
            start.ArgumentList.Add("-x");
            start.ArgumentList.Add(name);
        }
        start.ArgumentList.Add(DotnetHost());
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(DataParallelChild).Assembly.Location);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("mpirun did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"mpirun -np {ranks} ({scenario}) hung: still running after {Timeout.TotalSeconds:0} s.");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result + stderr.Result, clock.Elapsed);
    }

    /// <summary>The <c>dotnet</c> host running these tests, else whichever is on the PATH.</summary>
    private static string DotnetHost()
    {
        string? path = Environment.ProcessPath;
        return path is not null && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? path : "dotnet";
    }
}
