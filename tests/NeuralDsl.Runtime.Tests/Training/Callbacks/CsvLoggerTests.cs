using System.Globalization;

namespace NeuralDsl.Runtime.Tests.Training.Callbacks;

/// <summary>CsvLogger writes Keras's CSV (zero-based epochs, one row per epoch), whole after every epoch.</summary>
public sealed class CsvLoggerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ndsl-csv-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string[][] Rows(string path) =>
        File.ReadAllLines(path).Select(line => line.Split(',')).ToArray();

    [Fact]
    public void Writes_a_header_and_one_exact_row_per_epoch()
    {
        string path = Path.Combine(_directory, "logs", "training.csv");
        var run = new ScriptedRun(new CsvLogger(path));
        run.Run("val_loss", 0.1f, 1f / 3);
        var rows = Rows(path);
        Assert.Equal(["epoch", .. ScriptedRun.Names, "seconds"], rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.Equal("1", rows[2][0]);
        int column = Array.IndexOf(rows[0], "val_loss");
        Assert.Equal(1f / 3, float.Parse(rows[2][column], CultureInfo.InvariantCulture));
        Assert.Equal(run.History.Series("learning_rate")[1], float.Parse(rows[2][Array.IndexOf(rows[0], "learning_rate")], CultureInfo.InvariantCulture));
        Assert.Equal("0.25", rows[1][^1]);
    }

    [Fact]
    public void A_new_run_starts_the_file_anew_unless_appending()
    {
        string path = Path.Combine(_directory, "training.csv");
        new ScriptedRun(new CsvLogger(path)).Run("loss", 1f, 2f);
        new ScriptedRun(new CsvLogger(path)).Run("loss", 3f);
        Assert.Equal(2, Rows(path).Length);
        new ScriptedRun(new CsvLogger(path) { Append = true }).Run("loss", 4f, 5f);
        var rows = Rows(path);
        Assert.Equal(4, rows.Length);
        Assert.Equal(["3", "4", "5"], rows.Skip(1).Select(r => r[1]));
        Assert.Single(rows, r => r[0] == "epoch");
    }

    [Fact]
    public void Appending_to_a_file_with_other_columns_is_refused_and_the_file_kept()
    {
        string path = Path.Combine(_directory, "other.csv");
        File.WriteAllText(path, "epoch,loss\n0,1\n");
        var error = Assert.Throws<InvalidDataException>(() => new ScriptedRun(new CsvLogger(path) { Append = true }).Run("loss", 1f));
        Assert.Contains(path, error.Message);
        Assert.Contains("epoch,loss", error.Message);
        Assert.Equal("epoch,loss\n0,1\n", File.ReadAllText(path));
    }

    /// <summary>Characters that occur inside the numbers the log writes ("-1E-05", "NaN", "-Infinity"), or that end a
    /// line or quote a name: a row split on one of them cannot be read back.</summary>
    [Theory]
    [InlineData('-')]
    [InlineData('+')]
    [InlineData('.')]
    [InlineData('0')]
    [InlineData('7')]
    [InlineData('E')]
    [InlineData('e')]
    [InlineData('N')]
    [InlineData('a')]
    [InlineData('I')]
    [InlineData('f')]
    [InlineData('y')]
    [InlineData('\u221E')]
    [InlineData('"')]
    [InlineData('\n')]
    [InlineData('\r')]
    public void A_separator_that_occurs_in_numbers_is_refused_at_construction(char separator)
    {
        string path = Path.Combine(_directory, "training.csv");

        var error = Assert.Throws<ArgumentException>(() => new CsvLogger(path) { Separator = separator });

        Assert.Equal("Separator", error.ParamName);
        Assert.Contains(char.IsControl(separator) ? $"U+{(int)separator:X4}" : $"'{separator}'", error.Message);
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData(' ')]
    [InlineData('|')]
    public void Every_separator_it_accepts_gives_a_file_that_reads_back_exactly(char separator)
    {
        string path = Path.Combine(_directory, "training.csv");
        var run = new ScriptedRun(new CsvLogger(path) { Separator = separator });
        run.Run("val_loss", -1.1287444f, 1e-5f, -3.5e-38f);

        float[] values = Csv.ReadNumbers(path, out int columns, hasHeader: true, separator: separator);

        Assert.Equal(ScriptedRun.Names.Length + 2, columns);
        int column = Array.IndexOf(ScriptedRun.Names, "val_loss") + 1;
        Assert.Equal([-1.1287444f, 1e-5f, -3.5e-38f], Enumerable.Range(0, 3).Select(row => values[row * columns + column]));
        Assert.Equal([0f, 1f, 2f], Enumerable.Range(0, 3).Select(row => values[row * columns]));
    }
}
