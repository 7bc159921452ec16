using System.Runtime.CompilerServices;

namespace NeuralDsl.Generators.Tests.Infrastructure;

/// <summary>
/// Golden files of generated code under <c>Snapshots/&lt;name&gt;.g.cs.txt</c> (.txt, so the test project does
/// not compile them). Set <c>NEURALDSL_UPDATE_SNAPSHOTS=1</c> to write them instead of comparing.
/// </summary>
public static class Snapshot
{
    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string directory = Path.Combine(FindProjectDirectory(callerPath), "Snapshots");
        string path = Path.Combine(directory, name + ".g.cs.txt");
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("NEURALDSL_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No snapshot at {path}; run the tests with NEURALDSL_UPDATE_SNAPSHOTS=1 to create it.");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual) return;
        // Point at the first differing line so a failure is readable without a diff tool.
        string[] expectedLines = expected.Split('\n'), actualLines = actual.Split('\n');
        int line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line]) line++;
        Assert.Fail($"Generated code differs from {path} at line {line + 1}:\n" +
            $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "<end of file>")}\n" +
            $"  actual:   {(line < actualLines.Length ? actualLines[line] : "<end of file>")}\n" +
            "Run the tests with NEURALDSL_UPDATE_SNAPSHOTS=1 to accept the new output.");
    }

    private static string FindProjectDirectory(string callerPath)
    {
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(callerPath)!); directory is not null; directory = directory.Parent)
            if (directory.GetFiles("*.csproj").Length > 0) return directory.FullName;
        throw new InvalidOperationException($"No project directory above {callerPath}.");
    }
}
