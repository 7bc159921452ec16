using System.Globalization;
using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>
/// <c>Classify --export-onnx</c> writes the network it loaded as an ONNX model, and ClassifyOnnx runs that model in ONNX
/// Runtime on Classify's inputs and prints Classify's lines: the same classes and probabilities, to the printed
/// precision, for the same input. Files ClassifyOnnx cannot use are one line naming them, exit code 1; bad arguments
/// one line naming them, exit code 2.
/// </summary>
public sealed class ClassifyOnnxSampleTests(ClassifyFiles files) : IClassFixture<ClassifyFiles>
{
    private readonly ClassifyFiles _files = files;

    /// <summary>The weights exported by Classify, once for the tests of this class.</summary>
    private string Onnx => _files.Onnx.Value;

    [Fact]
    public void Export_writes_the_loaded_network_and_says_so()
    {
        string path = _files.PathOf("again.onnx");
        var export = SampleProcess.Run("Classify", ["--weights", _files.Weights, "--export-onnx", path]);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal($"wrote {path}: two_hidden with the weights of {_files.Weights}, ONNX opset 17, input 'input' [N, 784], output 'output' [N, 10] (probabilities)",
            export.Stdout.Trim());
        Assert.Empty(export.Stderr);
        Assert.Equal(File.ReadAllBytes(Onnx), File.ReadAllBytes(path)); // the same weights, the same file
    }

    [Fact]
    public void ClassifyOnnx_prints_what_Classify_prints_for_csv_rows()
    {
        string input = _files.Csv("random.csv", ClassifyFiles.RandomRows(12, seed: 5));

        var classify = SampleProcess.Run("Classify", ["--weights", _files.Weights, "--top", "3", input]);
        var onnx = SampleProcess.Run("ClassifyOnnx", [Onnx, "--top", "3", input]);

        AssertSameReport(classify, onnx, rows: 12);
        // Different rows, different classes: a model that ignored its input would print one line twelve times.
        Assert.True(ClassifyFiles.ClassifiedRows(onnx).Select(line => line[(line.IndexOf(':') + 1)..]).Distinct().Count() > 1, onnx.Stdout);
    }

    [Fact]
    public void ClassifyOnnx_prints_what_Classify_prints_for_idx_images_with_labels_and_rows()
    {
        var random = new Random(8);
        var pixels = new byte[9 * ClassifyFiles.InputWidth];
        random.NextBytes(pixels);
        string images = _files.Images("nine-idx3-ubyte", pixels);
        string labels = _files.Labels("nine-idx1-ubyte", [.. Enumerable.Range(0, 9).Select(i => (byte)i)]);
        string[] options = ["--rows", "7", "--top", "10", "--labels", labels, images];

        var classify = SampleProcess.Run("Classify", ["--weights", _files.Weights, .. options]);
        var onnx = SampleProcess.Run("ClassifyOnnx", [Onnx, .. options]);

        AssertSameReport(classify, onnx, rows: 7);
        Assert.Contains("accuracy ", onnx.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_probabilities_of_ClassifyOnnx_are_Classifys_within_1e_5()
    {
        string input = _files.Csv("random.csv", ClassifyFiles.RandomRows(5, seed: 6));

        var classify = SampleProcess.Run("Classify", ["--weights", _files.Weights, "--raw", input]);
        var onnx = SampleProcess.Run("ClassifyOnnx", [Onnx, "--raw", input]);

        Assert.True(classify.ExitCode == 0, classify.ToString());
        Assert.True(onnx.ExitCode == 0, onnx.ToString());
        float[] expected = Probabilities(classify.Stdout), actual = Probabilities(onnx.Stdout);
        Assert.Equal(5 * 10, expected.Length);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"probability {i % 10} of row {i / 10}: Classify {expected[i]}, ClassifyOnnx {actual[i]}");
    }

    private static float[] Probabilities(string raw) =>
        [.. raw.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(p => float.Parse(p, CultureInfo.InvariantCulture))];

    private static void AssertSameReport(SampleProcess.Result classify, SampleProcess.Result onnx, int rows)
    {
        Assert.True(classify.ExitCode == 0, classify.ToString());
        Assert.True(onnx.ExitCode == 0, onnx.ToString());
        Assert.Equal(rows, ClassifyFiles.ClassifiedRows(classify).Length);
        Assert.Equal(classify.Stdout, onnx.Stdout);
        Assert.Equal(classify.Stderr, onnx.Stderr);
    }

    [Fact]
    public void Export_errors_name_the_file_with_exit_code_1()
    {
        string missingFolder = _files.PathOf("no-such-folder/model.onnx");
        var result = SampleProcess.Run("Classify", ["--weights", _files.Weights, "--export-onnx", missingFolder]);
        ClassifyFiles.AssertOneLineError(result, 1, missingFolder);
        Assert.False(File.Exists(missingFolder));

        string folder = Directory.CreateDirectory(_files.PathOf("folder.onnx")).FullName;
        ClassifyFiles.AssertOneLineError(SampleProcess.Run("Classify", ["--weights", _files.Weights, "--export-onnx", folder]), 1,
            $"error: {folder} is a directory, not a file.");

        string missingWeights = _files.PathOf("missing.safetensors");
        ClassifyFiles.AssertOneLineError(SampleProcess.Run("Classify", ["--weights", missingWeights, "--export-onnx", _files.PathOf("m.onnx")]), 1,
            missingWeights);
        Assert.False(File.Exists(_files.PathOf("m.onnx")));
    }

    [Fact]
    public void A_file_that_is_not_an_onnx_model_or_missing_is_named_with_exit_code_1()
    {
        string input = _files.Csv("one.csv", [ClassifyFiles.Row(0.5f)]);
        string missing = _files.PathOf("missing.onnx");

        ClassifyFiles.AssertOneLineError(SampleProcess.Run("ClassifyOnnx", [missing, input]), 1, $"error: {missing} does not exist.");
        ClassifyFiles.AssertOneLineError(SampleProcess.Run("ClassifyOnnx", [_files.Weights, input]), 1,
            $"error: {_files.Weights} is not a model ONNX Runtime can load");
        ClassifyFiles.AssertOneLineError(SampleProcess.Run("ClassifyOnnx", [_files.Directory, input]), 1,
            $"error: {_files.Directory} is a directory, not a file.");
    }

    [Fact]
    public void A_model_of_other_outputs_is_refused_naming_them()
    {
        // One sigmoid unit on 8 bits: an ONNX model, but not a classifier of Fashion-MNIST's 10 classes.
        string parity = _files.PathOf("parity.onnx");
        new ParityBits(seed: 1).ExportOnnx(parity);
        string input = _files.Csv("eight.csv", [[0, 1, 0, 1, 0, 1, 0, 1]]);

        ClassifyFiles.AssertOneLineError(SampleProcess.Run("ClassifyOnnx", [parity, input]), 1,
            $"error: {parity}: output 'output' has rows of shape [1]; ClassifyOnnx reports the 10 Fashion-MNIST classes");
    }

    [Fact]
    public void Inputs_it_cannot_classify_are_named_with_exit_code_1()
    {
        string narrow = _files.Csv("narrow.csv", [[0.5f, 0.5f, 0.5f]]);
        ClassifyFiles.AssertOneLineError(SampleProcess.Run("ClassifyOnnx", [Onnx, narrow]), 1,
            $"error: {narrow} has 3 columns; the network takes rows of 784 values");

        // Finite inputs of huge magnitude overflow the layers: refused, naming the row, as Classify refuses them.
        string huge = _files.Csv("huge.csv", [ClassifyFiles.Row(0.5f), ClassifyFiles.Row(3e38f)]);
        var result = SampleProcess.Run("ClassifyOnnx", [Onnx, huge]);
        ClassifyFiles.AssertOneLineError(result, 1, "the outputs of row 1 are not finite");
        Assert.DoesNotContain("NaN %", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_Classifys_report_options_and_no_backend()
    {
        var result = SampleProcess.Run("ClassifyOnnx", ["--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string option in new[] { "--top K", "--rows N", "--labels FILE", "--raw" }) Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("NEURALDSL_DEVICE", result.Stdout, StringComparison.Ordinal); // ONNX Runtime runs the model
    }

    // "M" and "IN" stand for the model and the input; the arguments are refused before either is opened.
    public static TheoryData<string[], string> BadArguments() => new()
    {
        { [], "error: missing MODEL" },
        { ["M"], "error: missing INPUT" },
        { ["", "IN"], "error: MODEL: '' is empty" },
        { ["M", "IN", "--top", "11"], "error: --top K: '11' is more than the 10 classes" },
        { ["M", "IN", "--rows", "0"], "error: --rows N: '0' must be at least 1" },
        { ["M", "IN", "MORE"], "error: unexpected argument 'MORE'" },
        { ["--weights", "W", "M", "IN"], "error: unknown option '--weights'" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_is_one_line_naming_it_with_exit_code_2(string[] args, string message)
    {
        var result = SampleProcess.Run("ClassifyOnnx", args);

        ClassifyFiles.AssertOneLineError(result, 2, message);
        Assert.Equal(2, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the error, then the usage
        Assert.Empty(result.Stdout);
    }
}
