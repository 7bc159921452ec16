using System.Text;

namespace NeuralDsl;

/// <summary>
/// A <see cref="History"/> as a CSV table, for a spreadsheet, pandas or a plotting script:
/// <c>history.SaveCsv("history.csv")</c>. The file is written atomically: a crash leaves the old file or the new one.
/// </summary>
public static class HistoryCsv
{
    /// <summary>
    /// Writes one row per epoch to <paramref name="path"/> under the header
    /// <c>epoch,&lt;every recorded metric, in recorded order&gt;,seconds</c>, e.g.
    /// <c>epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds</c>. As in Keras's <c>CSVLogger</c>, the
    /// epoch column is 0-based (the first epoch is 0, like <see cref="EpochLog.Epoch"/>). Numbers use the invariant
    /// culture and round-trip: parsing a value back gives exactly the recorded float (<c>NaN</c>, <c>Infinity</c> for
    /// non-finite ones); <c>seconds</c> is the epoch's wall-clock time. A metric missing from some epochs (first logged
    /// in a later epoch, or not every epoch) leaves its cells of those epochs empty.
    /// </summary>
    /// <exception cref="ArgumentException">The path is null or empty, or the history has no epoch.</exception>
    public static void SaveCsv(this History history, string path)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("The CSV file's path is null or empty; give a file name such as \"history.csv\".", nameof(path));
        if (history.Epochs == 0)
            throw new ArgumentException("The history is empty: it records no epoch, so there is no row to write.", nameof(history));
        AtomicFile.WriteText(path, Format(history));
    }

    /// <summary>The CSV text <see cref="SaveCsv"/> writes (<see cref="EpochCsv"/>'s layout, as <see cref="CsvLogger"/>).</summary>
    internal static string Format(History history)
    {
        var names = history.Metrics.Keys.ToList();
        // Each value goes in the row of the epoch that logged it: a metric first logged in epoch 2 starts in row 2.
        var cells = new float?[history.Epochs, names.Count];
        for (int column = 0; column < names.Count; column++)
        {
            var values = history.Series(names[column]);
            var epochs = history.EpochsOf(names[column]);
            for (int i = 0; i < values.Count; i++) cells[epochs[i], column] = values[i];
        }
        var csv = new StringBuilder(EpochCsv.Header(names, ',')).Append('\n');
        for (int epoch = 0; epoch < history.Epochs; epoch++)
            EpochCsv.AppendRow(csv, epoch, Enumerable.Range(0, names.Count).Select(column => cells[epoch, column]), history.EpochSeconds[epoch], ',');
        return csv.ToString();
    }
}
