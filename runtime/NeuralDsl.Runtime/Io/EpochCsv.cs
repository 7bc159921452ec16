using System.Globalization;
using System.Text;

namespace NeuralDsl;

/// <summary>
/// The CSV layout of per-epoch logs, shared by <see cref="CsvLogger"/> and <c>History.SaveCsv</c>: a header
/// <c>epoch,&lt;log names in log order&gt;,seconds</c>, then one row per epoch with the zero-based epoch (as Keras's
/// <c>CSVLogger</c>) and every value in its shortest round-trip form (invariant culture), empty where an epoch lacks a name.
/// </summary>
internal static class EpochCsv
{
    public const string EpochColumn = "epoch", SecondsColumn = "seconds";

    public static string Header(IEnumerable<string> names, char separator) =>
        string.Join(separator, [EpochColumn, .. names, SecondsColumn]);

    public static void AppendRow(StringBuilder text, EpochLog epoch, IReadOnlyList<string> names, char separator)
    {
        text.Append(epoch.Epoch.ToString(CultureInfo.InvariantCulture));
        foreach (string name in names)
        {
            text.Append(separator);
            if (epoch.Metrics.TryGetValue(name, out float value)) text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
        text.Append(separator).Append(epoch.Seconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }
}
