using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace NeuralDsl.EndToEnd.Tests.Pretrained;

/// <summary>
/// The files torchvision_reference.py writes (torchvision's ResNets with random weights, their state_dicts as safetensors,
/// images, log-softmax outputs and intermediate outputs), made once per test run in a temporary folder: the system Python's
/// torch (Debian's python3-torch and python3-torchvision) runs the script. When torch is missing, <see cref="Problem"/>
/// says what to install.
/// </summary>
public sealed class TorchvisionReference : IDisposable
{
    /// <summary>Random images the script draws (batch 2 keeps ResNet-50 quick).</summary>
    public const int Images = 2;

    public const int Pixels = 224 * 224 * 3;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public TorchvisionReference()
    {
        Folder = Directory.CreateTempSubdirectory("ndsl-torchvision-").FullName;
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var check = RunPython(python, ["-c", "import torch, torchvision"]);
        if (check is null || check.Value.ExitCode != 0)
        {
            Problem = "torch and torchvision are not installed for " + python + ": apt-get install python3-torch python3-torchvision " +
                "libopenblas0-pthread (.ci/run installs them)";
            return;
        }
        string script = Path.Combine(AppContext.BaseDirectory, "Pretrained", "torchvision_reference.py");
        var run = RunPython(python, [script, "--out", Folder, "--images", Images.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        if (run is not { ExitCode: 0 })
            throw new InvalidOperationException($"{script} failed: {run?.Output ?? "it ran longer than " + Timeout}");
        Manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")));
    }

    /// <summary>Why the references could not be made (a skip reason), or null.</summary>
    public string? Problem { get; }

    /// <summary>The folder with the script's files.</summary>
    public string Folder { get; }

    /// <summary>manifest.json: torchvision's parameter and buffer counts, the checkpoints' shapes.</summary>
    public JsonDocument? Manifest { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>A float32 little-endian file the script wrote.</summary>
    public float[] Floats(string name) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(PathOf(name))).ToArray();

    /// <summary>A count the manifest gives for <paramref name="model"/> ("parameters", "buffers").</summary>
    public long Count(string model, string what) => Manifest!.RootElement.GetProperty("models").GetProperty(model).GetProperty(what).GetInt64();

    public void Dispose()
    {
        Manifest?.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static (int ExitCode, string Output)? RunPython(string python, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no Python at all
        }
        using (process)
        {
            if (process is null) return null;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
