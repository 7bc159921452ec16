using System.Text.RegularExpressions;

namespace NeuralDsl.EndToEnd.Tests.Samples;

/// <summary>
/// The inference tool as a hostile user drives it: a bad argument is one line naming the option and the value, exit
/// code 2; a file it cannot use (missing, a folder, empty) or rows it cannot classify are one line naming the file or
/// the row, exit code 1; never a stack trace, never a silent partial or non-finite result.
/// </summary>
public sealed class ClassifySampleTests : IDisposable
{
    private const int FileRows = 20;
    private readonly ClassifyFiles _files = new();
    private readonly string _directory, _weights, _input;

    public ClassifySampleTests()
    {
        _directory = _files.Directory;
        _weights = _files.Weights;
        _input = Csv("twenty.csv", Enumerable.Repeat(Row(0.5f), FileRows));
    }

    public void Dispose() => _files.Dispose();

    private static float[] Row(float value) => ClassifyFiles.Row(value);

    private string Csv(string name, IEnumerable<float[]> rows) => _files.Csv(name, rows);

    private static string[] ClassifiedRows(SampleProcess.Result result) => ClassifyFiles.ClassifiedRows(result);

    private static void AssertOneLineError(SampleProcess.Result result, int exitCode, string message) =>
        ClassifyFiles.AssertOneLineError(result, exitCode, message);

    // "W" and "IN" stand for the weights and the input; the arguments are refused before either is opened.
    public static TheoryData<string[], string> BadArguments() => new()
    {
        { ["--weights", "", "IN"], "error: --weights FILE: '' is empty" },
        { ["--weights", "W", "--labels", "", "IN"], "error: --labels FILE: '' is empty" },
        { ["--weights", "W", ""], "error: INPUT: '' is empty" },
        { ["--weights", "W", "--top", "11", "IN"], "error: --top K: '11' is more than the 10 classes" },
        { ["--weights", "W", "--top", "0", "IN"], "error: --top K: '0' must be at least 1" },
        { ["--weights", "W", "--rows", "0", "IN"], "error: --rows N: '0' must be at least 1" },
        { ["--weights", "W", "--rows", "-3", "IN"], "error: --rows N: '-3' must be at least 1" },
        { ["--weights", "W", "--rows", "99999999999", "IN"], "error: --rows N: '99999999999' is out of range" },
        { ["--weights", "W", "--rows", "1e3", "IN"], "error: --rows N: '1e3' is not a whole number" },
        { ["--weights", "--top", "3", "IN"], "error: --weights needs a value (FILE)" },
        { ["--weights", "W", "--model", "", "IN"], "error: --model NAME: '' is not a network here" },
        { ["--weights", "W", "IN", "MORE"], "error: unexpected argument 'MORE'" },
        { ["--weights", "W", "--raw=yes", "IN"], "error: --raw takes no value" },
        { ["--weights", "W"], "error: missing INPUT (or --export-onnx PATH)" },
        { ["--weights", "W", "--export-onnx", "M.onnx", "IN"], "error: --export-onnx PATH writes the model and classifies nothing: INPUT 'IN' has no use with it" },
        { ["--weights", "W", "--export-onnx", "M.safetensors"], "error: --export-onnx PATH: 'M.safetensors' does not end in .onnx" },
        { ["--weights", "W", "--export-onnx", ""], "error: --export-onnx PATH: '' is empty" },
        { ["--weights", "W", "--export-onnx"], "error: --export-onnx needs a value (PATH)" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void A_bad_argument_is_one_line_naming_it_with_exit_code_2(string[] args, string message)
    {
        var result = SampleProcess.Run("Classify", args);

        AssertOneLineError(result, 2, message);
        Assert.Equal(2, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // the error, then the usage
        Assert.Empty(result.Stdout);
    }

    [Theory]
    [InlineData("3000000")] // rows × 784 overflowed an int: an unhandled exception
    [InlineData("268435461")] // rows × 784 wrapped round to 5 rows: 5 rows classified, exit code 0
    [InlineData("21")]
    public void More_rows_than_the_file_has_classify_every_row_with_a_note(string rows)
    {
        var result = SampleProcess.Run("Classify", ["--weights", _weights, "--rows", rows, _input]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(FileRows, ClassifiedRows(result).Length);
        Assert.Equal($"note: --rows {rows} is more than the {FileRows} rows of {_input}; classifying all of them.", result.Stderr.Trim());
    }

    [Fact]
    public void Fewer_rows_than_the_file_has_classify_those_rows()
    {
        var result = SampleProcess.Run("Classify", ["--weights", _weights, "--rows", "3", "--top", "10", _input]);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] rows = ClassifiedRows(result);
        Assert.Equal(3, rows.Length);
        Assert.All(rows, row => Assert.Equal(10, Regex.Matches(row, @"\d+\.\d\d %").Count));
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public void A_folder_given_as_a_file_is_named_with_exit_code_1()
    {
        AssertOneLineError(SampleProcess.Run("Classify", ["--weights", _directory, _input]), 1, $"error: {_directory} is a directory, not a file.");
        AssertOneLineError(SampleProcess.Run("Classify", ["--weights", _weights, _directory]), 1, $"error: {_directory} is a directory, not a file.");
        AssertOneLineError(SampleProcess.Run("Classify", ["--weights", _weights, "--labels", _directory, _input]), 1, $"error: {_directory} is a directory, not a file.");
    }

    [Fact]
    public void A_missing_input_is_named_with_exit_code_1()
    {
        string missing = Path.Combine(_directory, "missing.csv");
        AssertOneLineError(SampleProcess.Run("Classify", ["--weights", _weights, missing]), 1, $"error: {missing} does not exist.");
    }

    [Fact]
    public void An_input_without_rows_is_an_error_not_an_empty_result()
    {
        // An IDX file of 0 images of 28×28, and a CSV file of no lines: 0 rows would print an accuracy of NaN % with
        // --labels and divide by zero in --benchmark, so the readers refuse them.
        string empty = Path.Combine(_directory, "empty-idx3-ubyte");
        File.WriteAllBytes(empty, [0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28]);
        string emptyCsv = Csv("empty.csv", []);

        AssertOneLineError(SampleProcess.Run("Classify", ["--weights", _weights, empty]), 1, $"error: {empty}: dimension 0 of shape [0, 28, 28] is 0");
        AssertOneLineError(SampleProcess.Run("Classify", ["--weights", _weights, emptyCsv]), 1, $"error: {emptyCsv}: line 1, column 1: the CSV has no rows");
    }

    [Fact]
    public void A_NaN_input_names_its_line_and_column_with_exit_code_1()
    {
        var rows = Enumerable.Range(0, 4).Select(_ => Row(0.5f)).ToArray();
        rows[2][7] = float.NaN;
        string input = Csv("nan.csv", rows);

        AssertOneLineError(SampleProcess.Run("Classify", ["--weights", _weights, input]), 1, $"error: {input}: line 3, column 8: 'NaN' is not a finite number");
    }

    [Fact]
    public void Outputs_that_are_not_finite_are_an_error_naming_the_row_not_NaN_percentages()
    {
        // Finite inputs of huge magnitude overflow the layers: the library refuses to return the non-finite outputs.
        string input = Csv("huge.csv", [Row(0.5f), Row(3e38f)]);

        var result = SampleProcess.Run("Classify", ["--weights", _weights, input]);

        AssertOneLineError(result, 1, "not finite");
        Assert.DoesNotContain("NaN", result.Stdout, StringComparison.Ordinal);
    }
}
