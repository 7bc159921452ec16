using System.Diagnostics;

namespace NeuralDsl.EndToEnd.Tests.Onnx;

/// <summary>
/// ONNX's own checker, <c>onnx.checker.check_model(…, full_check=True)</c>, on every .onnx file of a folder in one Python
/// process (Debian's python3-onnx), which also asserts the IR version and opset ExportOnnx writes.
/// </summary>
internal static class OnnxChecker
{
    private const string Script =
        "import glob, sys, onnx\n" +
        "paths = sorted(glob.glob(sys.argv[1] + '/*.onnx'))\n" +
        "for p in paths:\n" +
        "    m = onnx.load(p)\n" +
        "    onnx.checker.check_model(m, full_check=True)\n" +
        "    assert m.ir_version == 8 and m.opset_import[0].version == 17, p\n" +
        "print(len(paths), 'checked')\n";

    /// <summary>Skips the test when the checker is not installed, saying what to install.</summary>
    public static void RequireInstalled() => Assert.SkipUnless(IsInstalled(),
        "ONNX's checker is not installed here: apt-get install python3-onnx (the Debian package; .ci/run installs it)");

    /// <summary>Checks every .onnx file in <paramref name="directory"/>, of which there must be <paramref name="files"/>;
    /// fails with the checker's message otherwise.</summary>
    public static void CheckAll(string directory, int files)
    {
        var (exit, output) = RunPython(Script, directory);
        Assert.True(exit == 0, "onnx.checker refused an export:\n" + output);
        Assert.Contains($"{files} checked", output);
    }

    private static bool IsInstalled()
    {
        try
        {
            return RunPython("import onnx", "").Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no python3 at all
        }
    }

    private static (int Exit, string Output) RunPython(string script, string argument)
    {
        // Debian's python3-onnx is installed for Debian's own interpreter, which a python3 earlier on PATH (pyenv) may hide.
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
