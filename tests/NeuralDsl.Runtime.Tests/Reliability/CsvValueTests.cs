namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>Issue 12, item 4: every bad CSV value is an error that names the file, the line and the column; numbers
/// beyond the float range are such errors, never ±Infinity.</summary>
public sealed class CsvValueTests : TempDirectory
{
    private string Write(string text)
    {
        string path = PathOf("data.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("1e39,2", 1, 1, "out of the float range")]
    [InlineData("1,2\n3,-1e39", 2, 2, "out of the float range")]
    [InlineData("1,2\n3,4\n5,3.5e38", 3, 2, "out of the float range")]
    [InlineData("1,NaN", 1, 2, "not a finite number")]
    [InlineData("Infinity,2", 1, 1, "not a finite number")]
    [InlineData("1,-infinity", 1, 2, "not a finite number")]
    [InlineData("1,2\n3,x", 2, 2, "is not a number")]
    [InlineData("1,2\n3,", 2, 2, "is not a number")]
    [InlineData("1,2\n3,4,5", 2, 3, "has 3 columns but earlier rows have 2")]
    [InlineData("1,2,3\n4,5", 2, 2, "has 2 columns but earlier rows have 3")]
    [InlineData("1,2\n\n3,4", 2, 1, "blank but more rows follow at line 3")]
    [InlineData("", 1, 1, "no rows")]
    public void Each_bad_value_names_file_line_and_column(string text, int line, int column, string why)
    {
        string path = Write(text);

        var e = Assert.Throws<InvalidDataException>(() => Csv.ReadNumbers(path, out _));

        Assert.StartsWith($"{path}: line {line}, column {column}: ", e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void Numbers_at_the_edge_of_the_float_range_still_load()
    {
        // 3.4028235e38 is float.MaxValue and 1e-50 rounds to zero: both are legitimate floats, unlike 1e39.
        float[] values = Csv.ReadNumbers(Write("3.4028235e38,-3.4028235e38,1e-50"), out int columns);

        Assert.Equal(3, columns);
        Assert.Equal([float.MaxValue, float.MinValue, 0f], values);
    }

    [Fact]
    public void A_header_without_rows_names_the_file()
    {
        string path = Write("x,y\n");

        var e = Assert.Throws<InvalidDataException>(() => Csv.ReadNumbers(path, out _, hasHeader: true));

        Assert.StartsWith($"{path}: line 2, column 1: the CSV has a header but no data rows", e.Message);
    }

    [Fact]
    public void A_garbled_line_is_shown_cut_short()
    {
        string path = Write("1," + new string('z', 10_000));

        var e = Assert.Throws<InvalidDataException>(() => Csv.ReadNumbers(path, out _));

        Assert.StartsWith($"{path}: line 1, column 2: '{new string('z', 40)}…' is not a number", e.Message);
    }
}
