using System.Globalization;

namespace NeuralDsl.Runtime.Tests.Charts;

public sealed class HistoryCsvTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "history-csv-tests-" + Guid.NewGuid().ToString("N"));

    public HistoryCsvTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Save(History history)
    {
        string path = Path.Combine(_dir, "history.csv");
        history.SaveCsv(path);
        string text = File.ReadAllText(path);
        Assert.EndsWith("\n", text);
        return text.TrimEnd('\n').Split('\n');
    }

    private static float ParseFloat(string text) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    [Fact]
    public void Header_lists_every_metric_in_recorded_order_between_epoch_and_seconds()
    {
        string[] lines = Save(Histories.Typical(3));

        Assert.Equal("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds", lines[0]);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public void Epochs_are_0_based_as_in_Keras_CSVLogger_and_every_value_is_in_its_column()
    {
        var history = Histories.Typical(4);

        string[] lines = Save(history);

        string[] header = lines[0].Split(',');
        for (int epoch = 0; epoch < 4; epoch++)
        {
            string[] cells = lines[epoch + 1].Split(',');
            Assert.Equal(header.Length, cells.Length);
            Assert.Equal(epoch.ToString(CultureInfo.InvariantCulture), cells[0]);
            for (int column = 1; column < header.Length - 1; column++)
                Assert.Equal(history.Series(header[column])[epoch], ParseFloat(cells[column]));
            Assert.Equal(history.EpochSeconds[epoch], double.Parse(cells[^1], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Values_round_trip_exactly_including_extremes_and_non_finite_ones()
    {
        float[] values = [1f / 3, 0.1f, float.Epsilon, float.MaxValue, float.MinValue, 1e-30f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        var history = new History();
        double[] seconds = [0.1 + 0.2, 1.0 / 3, 1e-9, 12345.678901234567, 0, 1e300, 5, 6, 7, 8];
        for (int i = 0; i < values.Length; i++)
            history.Add(new EpochLog(i, new Dictionary<string, float> { ["loss"] = values[i] }, seconds[i]));

        string[] lines = Save(history);

        for (int i = 0; i < values.Length; i++)
        {
            string[] cells = lines[i + 1].Split(',');
            // Bit for bit: -0 stays -0, the shortest round-trip form loses nothing.
            Assert.Equal(BitConverter.SingleToInt32Bits(values[i]), BitConverter.SingleToInt32Bits(ParseFloat(cells[1])));
            Assert.Equal(BitConverter.DoubleToInt64Bits(seconds[i]), BitConverter.DoubleToInt64Bits(double.Parse(cells[2], CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void A_decimal_comma_culture_changes_nothing()
    {
        var history = Histories.Typical(5);
        string invariantPath = Path.Combine(_dir, "invariant.csv");
        history.SaveCsv(invariantPath);
        string invariant = File.ReadAllText(invariantPath);

        string path = Path.Combine(_dir, "de.csv");
        using (new DecimalCommaCulture())
            history.SaveCsv(path);

        string text = File.ReadAllText(path);
        Assert.Equal(invariant, text);
        Assert.All(text.TrimEnd('\n').Split('\n'), line => Assert.Equal(7, line.Split(',').Length));
    }

    [Fact]
    public void A_metric_name_with_a_comma_or_quote_is_quoted()
    {
        string[] lines = Save(Histories.From(("loss", [1f]), ("f1, macro", [0.5f]), ("say \"hi\"", [0.25f])));

        Assert.Equal("epoch,loss,\"f1, macro\",\"say \"\"hi\"\"\",seconds", lines[0]);
        Assert.Equal("0,1,0.5,0.25,1.5", lines[1]);
    }

    [Fact]
    public void A_metric_recorded_in_fewer_epochs_leaves_its_last_cells_empty()
    {
        var history = new History();
        history.Add(new EpochLog(0, new Dictionary<string, float> { ["loss"] = 1f, ["extra"] = 2f }, 1));
        history.Add(new EpochLog(1, new Dictionary<string, float> { ["loss"] = 0.5f }, 1));

        Assert.Equal(["epoch,loss,extra,seconds", "0,1,2,1", "1,0.5,,1"], Save(history));
    }

    [Fact]
    public void Empty_history_and_missing_path_are_argument_errors_and_write_nothing()
    {
        string path = Path.Combine(_dir, "history.csv");

        var e = Assert.Throws<ArgumentException>(() => new History().SaveCsv(path));
        Assert.Equal("history", e.ParamName);
        Assert.Contains("empty", e.Message);
        e = Assert.Throws<ArgumentException>(() => Histories.Typical(1).SaveCsv(""));
        Assert.Equal("path", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => Histories.Typical(1).SaveCsv(null!));
        Assert.Equal("path", e.ParamName);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Saving_replaces_an_existing_file_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_dir, "history.csv");
        File.WriteAllText(path, "old content that is longer than the new one ............................................");

        Histories.Typical(1, validation: false).SaveCsv(path);

        Assert.StartsWith("epoch,loss,accuracy,learning_rate,seconds\n0,", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }
}
