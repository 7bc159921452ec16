using System.Globalization;
using System.Text.RegularExpressions;

namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>
/// A temporary folder with the files Classify and ClassifyOnnx read: weights of Classify's default network
/// (<see cref="ClassifyTwoHidden"/>), CSV rows, IDX images and labels; and what their output is made of.
/// </summary>
public sealed class ClassifyFiles : IDisposable
{
    public const int InputWidth = 784;

    public ClassifyFiles()
    {
        Weights = Path.Combine(Directory, "two-hidden.safetensors");
        new ClassifyTwoHidden(seed: 1).Save(Weights);
        Onnx = new Lazy<string>(() =>
        {
            string path = PathOf("two-hidden.onnx");
            var export = SampleProcess.Run("Classify", ["--weights", Weights, "--export-onnx", path]);
            Assert.True(export.ExitCode == 0, export.ToString());
            return path;
        });
    }

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("ndsl-classify-").FullName;

    /// <summary>The weights of a <see cref="ClassifyTwoHidden"/>, which Classify loads as its TwoHidden network.</summary>
    public string Weights { get; }

    /// <summary><see cref="Weights"/> as an ONNX model, written by <c>Classify --export-onnx</c> when first asked for.</summary>
    public Lazy<string> Onnx { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    public string PathOf(string name) => Path.Combine(Directory, name);

    public static float[] Row(float value) => Enumerable.Repeat(value, InputWidth).ToArray();

    /// <summary>Rows of pixel values in [0, 1], different from row to row.</summary>
    public static IEnumerable<float[]> RandomRows(int rows, int seed)
    {
        var random = new Random(seed);
        for (int r = 0; r < rows; r++) yield return Enumerable.Range(0, InputWidth).Select(_ => random.NextSingle()).ToArray();
    }

    /// <summary>A CSV file of <paramref name="rows"/>, values in round-trip format.</summary>
    public string Csv(string name, IEnumerable<float[]> rows)
    {
        string path = PathOf(name);
        File.WriteAllLines(path, rows.Select(row => string.Join(',', row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
        return path;
    }

    /// <summary>An IDX file of 28×28 images (unsigned bytes, type 0x08, 3 dimensions), <paramref name="pixels"/> row after row.</summary>
    public string Images(string name, byte[] pixels) => Idx(name, pixels, [pixels.Length / InputWidth, 28, 28]);

    /// <summary>An IDX label file (unsigned bytes, 1 dimension).</summary>
    public string Labels(string name, byte[] labels) => Idx(name, labels, [labels.Length]);

    private string Idx(string name, byte[] data, int[] shape)
    {
        var bytes = new List<byte> { 0, 0, 8, (byte)shape.Length };
        foreach (int dimension in shape) bytes.AddRange([(byte)(dimension >> 24), (byte)(dimension >> 16), (byte)(dimension >> 8), (byte)dimension]);
        bytes.AddRange(data);
        string path = PathOf(name);
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }

    /// <summary>The lines of a report that classify a row ("0: 9 Ankle boot 91.31 %, …").</summary>
    internal static string[] ClassifiedRows(SampleProcess.Result result) =>
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => Regex.IsMatch(line, @"^\d+: ")).ToArray();

    /// <summary>The program failed with <paramref name="exitCode"/> and a message containing <paramref name="message"/>, without
    /// a stack trace.</summary>
    internal static void AssertOneLineError(SampleProcess.Result result, int exitCode, string message)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Stderr, StringComparison.Ordinal);
    }
}
