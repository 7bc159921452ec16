using System.Globalization;
using System.Text;

namespace NeuralDsl;

/// <summary>
/// The CSV layout of per-epoch logs, shared by <see cref="CsvLogger"/> and <see cref="HistoryCsv.SaveCsv"/>: a header
/// <c>epoch,&lt;log names in log order&gt;,seconds</c>, then one row per epoch with the zero-based epoch (as Keras's
/// <c>CSVLogger</c>) and every value in its shortest round-trip form (invariant culture; <c>NaN</c>, <c>Infinity</c>),
/// empty where an epoch lacks a name. A name with the separator or a quote in it is quoted as RFC 4180 says.
/// </summary>
internal static class EpochCsv
{
    public const string EpochColumn = "epoch", SecondsColumn = "seconds";

    public static string Header(IEnumerable<string> names, char separator) =>
        string.Join(separator, [EpochColumn, .. names.Select(name => Quoted(name, separator)), SecondsColumn]);

    /// <summary>Appends one row: the epoch, the values in header order (null for a missing one), the seconds.</summary>
    public static void AppendRow(StringBuilder text, int epoch, IEnumerable<float?> values, double seconds, char separator)
    {
        text.Append(epoch.ToString(CultureInfo.InvariantCulture));
        foreach (float? value in values)
        {
            text.Append(separator);
            if (value is float known) text.Append(known.ToString("R", CultureInfo.InvariantCulture));
        }
        text.Append(separator).Append(seconds.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Quoted(string name, char separator) =>
        name.Contains(separator) || name.AsSpan().IndexOfAny("\"\r\n") >= 0
            ? "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : name;
}
