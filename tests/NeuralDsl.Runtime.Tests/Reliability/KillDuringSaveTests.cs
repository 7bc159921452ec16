using System.Diagnostics;
using System.Globalization;

namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>
/// Issue 12, item 8 (crashes): a child process saves a 16 MiB weights file over and over and is killed (SIGKILL) in
/// the middle of a save, several times; the file is always a complete earlier save, and the temporary files the kills
/// leave behind are removed by the next save once they are <see cref="AtomicFile.LeftoverAge"/> old.
/// </summary>
public sealed class KillDuringSaveTests(ITestOutputHelper output) : TempDirectory
{
    private const int Kills = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public void A_killed_save_leaves_the_old_or_the_new_complete_file_and_its_leftover_is_cleaned()
    {
        string target = PathOf("weights.safetensors");
        SafeTensors.Write(target, SaveLoopChild.Layout, new float[SaveLoopChild.Floats]);   // save 0: all zeros
        var random = new Random(1214);
        int leftovers = 0;
        for (int kill = 0; kill < Kills; kill++)
        {
            int lastSaved = RunAndKill(target, saves: random.Next(1, 3), extraWaitMs: random.Next(0, 15));

            float value = WholeFileValue(target);
            Assert.True(value >= 0 && value <= lastSaved + 1, $"kill {kill}: the file holds save {value} but the child had finished {lastSaved}");
            leftovers = Temporaries().Length;
            output.WriteLine($"kill {kill}: the child had finished {lastSaved} saves; the file holds save {value}; {leftovers} temporary files so far");
        }

        // The kills left temporary files behind, and the child's later saves kept them: they were too recent to remove.
        Assert.True(leftovers > 0, "no kill left a temporary file behind");
        foreach (string name in Temporaries())
            File.SetLastWriteTimeUtc(PathOf(name), DateTime.UtcNow - AtomicFile.LeftoverAge - TimeSpan.FromSeconds(1));

        float[] last = new float[SaveLoopChild.Floats];
        Array.Fill(last, -1f);
        SafeTensors.Write(target, SaveLoopChild.Layout, last);

        Assert.Equal(-1f, WholeFileValue(target));
        Assert.Equal(["weights.safetensors"], Files());
    }

    private string[] Temporaries() => Files().Where(name => name.EndsWith(".tmp", StringComparison.Ordinal)).ToArray();

    /// <summary>Loads the file completely (the loader checks every size) and returns the one value all its floats share.</summary>
    private static float WholeFileValue(string path)
    {
        var values = new float[SaveLoopChild.Floats];
        SafeTensors.ReadInto(path, SaveLoopChild.Layout, values);
        float first = values[0];
        Assert.True(values.AsSpan().IndexOfAnyExcept(first) < 0, $"{path} mixes two saves");
        return first;
    }

    /// <summary>Starts the child, waits until it has finished <paramref name="saves"/> saves and is inside the next one
    /// (its temporary file exists), waits a little longer so kills land at different points, and kills it; returns the
    /// number of saves it reported finished.</summary>
    private int RunAndKill(string target, int saves, int extraWaitMs)
    {
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(SaveLoopChild).Assembly.Location);
        start.Environment[SaveLoopChild.PathVariable] = target;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var errors = child.StandardError.ReadToEndAsync();
        int earlier = Temporaries().Length;
        int finished = 0;
        try
        {
            var deadline = Stopwatch.StartNew();
            while (finished < saves)
            {
                string line = child.StandardOutput.ReadLine()
                    ?? throw new InvalidOperationException($"the child ended early: {errors.Result}");
                finished = int.Parse(line["saved ".Length..], CultureInfo.InvariantCulture);
            }

            while (Temporaries().Length == earlier && deadline.Elapsed < Patience) Thread.Sleep(1);
            Thread.Sleep(extraWaitMs);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }

        // Saves the child finished while this process waited may not have been read yet.
        string rest = child.StandardOutput.ReadToEnd();
        foreach (string line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            finished = int.Parse(line["saved ".Length..], CultureInfo.InvariantCulture);
        return finished;
    }

    /// <summary>The <c>dotnet</c> host running these tests, else whichever is on the PATH.</summary>
    private static string DotnetHost()
    {
        string? path = Environment.ProcessPath;
        return path is not null && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }
}
