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
    /// non-finite ones); <c>seconds</c> is the epoch's wall-clock time. A metric recorded in fewer epochs than the
    /// others leaves its last cells empty.
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
        var columns = history.Metrics.ToList();
        var csv = new StringBuilder(EpochCsv.Header(columns.Select(c => c.Key), ',')).Append('\n');
        for (int epoch = 0; epoch < history.Epochs; epoch++)
            EpochCsv.AppendRow(csv, epoch, columns.Select(c => epoch < c.Value.Count ? c.Value[epoch] : (float?)null), history.EpochSeconds[epoch], ',');
        return csv.ToString();
    }
}
