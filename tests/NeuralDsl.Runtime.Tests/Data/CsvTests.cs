namespace NeuralDsl.Runtime.Tests.Data;

public sealed class CsvTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "csv-tests-" + Guid.NewGuid().ToString("N"));

    public CsvTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string text)
    {
        string path = Path.Combine(_dir, "data.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadNumbers_reads_rows_with_header_and_ignores_trailing_blank_lines()
    {
        string path = WriteFile("a,b,c\r\n1,2.5,-3\r\n4e2, 5 ,.5\r\n\r\n  \n");

        float[] values = Csv.ReadNumbers(path, out int columns, hasHeader: true);

        Assert.Equal(3, columns);
        Assert.Equal(new[] { 1f, 2.5f, -3f, 400f, 5f, 0.5f }, values);
    }

    [Fact]
    public void Parse_supports_other_separators_and_no_header()
    {
        float[] values = Csv.Parse(new StringReader("1;2\n3;4"), out int columns, separator: ';');

        Assert.Equal(2, columns);
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, values);
    }

    /// <summary>The separators <see cref="CsvLogger"/> refuses, by the same rule: a character of a number ("-1E-05",
    /// "NaN", "Infinity"), a quote or a line break.</summary>
    [Theory]
    [InlineData('-')]
    [InlineData('.')]
    [InlineData('E')]
    [InlineData('e')]
    [InlineData('5')]
    [InlineData('N')]
    [InlineData('y')]
    [InlineData('\u221E')]
    [InlineData('"')]
    [InlineData('\n')]
    public void Parse_and_ReadNumbers_refuse_a_separator_that_occurs_in_numbers(char separator)
    {
        string shown = char.IsControl(separator) ? $"U+{(int)separator:X4}" : $"'{separator}'";

        var e = Assert.Throws<ArgumentException>(() => Csv.Parse(new StringReader("1E5"), out _, separator: separator));
        Assert.Equal("separator", e.ParamName);
        Assert.Contains(shown, e.Message);
        e = Assert.Throws<ArgumentException>(() => Csv.ReadNumbers(WriteFile("1E5\n"), out _, separator: separator));
        Assert.Equal("separator", e.ParamName);
    }

    [Fact]
    public void Parse_uses_the_invariant_culture()
    {
        // '.' is the decimal point everywhere; "1,5" is not a number even where locales would say 1.5.
        Assert.Equal(new[] { 1.5f, 2f }, Csv.Parse(new StringReader("1.5\t2"), out _, separator: '\t'));
        var e = Assert.Throws<InvalidDataException>(() => Csv.Parse(new StringReader("1,5"), out _, separator: ';'));
        Assert.Contains("'1,5'", e.Message);
    }

    [Fact]
    public void Empty_input_is_an_error_not_zero_rows()
    {
        var e = Assert.Throws<InvalidDataException>(() => Csv.Parse(new StringReader(""), out _, source: "empty.csv"));

        Assert.StartsWith("empty.csv: line 1, column 1:", e.Message);
        Assert.Contains("no rows", e.Message);
    }

    [Fact]
    public void Header_only_is_an_error_not_zero_rows()
    {
        var e = Assert.Throws<InvalidDataException>(() => Csv.Parse(new StringReader("x,y\n"), out _, hasHeader: true, source: "h.csv"));

        Assert.StartsWith("h.csv: line 2, column 1:", e.Message);
        Assert.Contains("a header but no data rows", e.Message);
    }

    [Fact]
    public void Ragged_row_names_the_line_and_both_counts()
    {
        string path = WriteFile("1,2,3\n4,5,6\n7,8\n");

        var e = Assert.Throws<InvalidDataException>(() => Csv.ReadNumbers(path, out _));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("2 columns", e.Message);
        Assert.Contains("have 3", e.Message);
    }

    [Fact]
    public void Non_numeric_value_names_line_column_and_text()
    {
        string path = WriteFile("h1,h2\n1,2\n3,abc\n");

        var e = Assert.Throws<InvalidDataException>(() => Csv.ReadNumbers(path, out _, hasHeader: true));
        Assert.Contains(path, e.Message);
        Assert.Contains("line 3", e.Message);
        Assert.Contains("column 2", e.Message);
        Assert.Contains("'abc'", e.Message);
    }

    [Fact]
    public void Header_is_not_parsed_as_numbers_only_when_requested()
    {
        var e = Assert.Throws<InvalidDataException>(() => Csv.Parse(new StringReader("x,y\n1,2"), out _));
        Assert.Contains("line 1, column 1: 'x'", e.Message);
    }

    [Fact]
    public void Blank_line_in_the_middle_is_an_error()
    {
        var e = Assert.Throws<InvalidDataException>(() => Csv.Parse(new StringReader("1,2\n\n3,4\n"), out _, source: "mem.csv"));
        Assert.Contains("mem.csv", e.Message);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void Missing_file_is_FileNotFoundException()
    {
        string path = Path.Combine(_dir, "absent.csv");

        var e = Assert.Throws<FileNotFoundException>(() => Csv.ReadNumbers(path, out _));
        Assert.Contains(path, e.Message);
    }
}
