using System.Runtime.CompilerServices;

namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>
/// The child process of <see cref="KillDuringSaveTests"/>: when this test program starts with
/// <see cref="PathVariable"/> set, it saves a large weights file at that path over and over (the i-th save holds the
/// value i everywhere, and prints "saved i") instead of running tests, until it is killed.
/// </summary>
internal static class SaveLoopChild
{
    /// <summary>The environment variable that holds the path to save to.</summary>
    public const string PathVariable = "NEURALDSL_TESTS_SAVE_LOOP";

    /// <summary>Floats per save: 16 MiB, so that most of the time goes into writing and a kill mostly lands mid-save.</summary>
    public const int Floats = 4 << 20;

    /// <summary>The file's one tensor.</summary>
    public static readonly SafeTensor[] Layout = [new("w", [Floats], 0, Floats)];

    /// <summary>Saves this many times at most, so that a child whose parent died does not run forever.</summary>
    private const int MaxSaves = 500;

    // Runs when the test assembly loads, before the test runner's Main, and only in a child started for this purpose.
    [ModuleInitializer]
    internal static void RunWhenAsked()
    {
        string? path = Environment.GetEnvironmentVariable(PathVariable);
        if (string.IsNullOrEmpty(path)) return;
        var values = new float[Floats];
        for (int i = 1; i <= MaxSaves; i++)
        {
            Array.Fill(values, i);
            SafeTensors.Write(path, Layout, values);
            Console.Out.WriteLine($"saved {i}");
            Console.Out.Flush();
        }

        Environment.Exit(0);
    }
}
