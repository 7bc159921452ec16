using System.Globalization;
using System.Text;

namespace NeuralDsl;

/// <summary>
/// The text table of <see cref="SearchResult.ToTable"/>: one row per trial, columns padded to their widest cell,
/// numbers right-aligned; a failed trial shows "failed" for its score and its error after the row; a trial without a
/// score (failed or NaN) has no rank.
/// </summary>
internal static class SearchTable
{
    public static string Format(IReadOnlyList<Trial> ranked, IReadOnlyList<string> names, string monitor)
    {
        string[] header = ["rank", .. names, monitor, "best epoch", "s/epoch"];
        var rows = new List<string[]>(ranked.Count);
        int rank = 0;
        foreach (var trial in ranked)
        {
            var row = new List<string> { SearchResult.HasScore(trial) ? (++rank).ToString(CultureInfo.InvariantCulture) : "-" };
            row.AddRange(names.Select(name => ParameterText.Format(trial.Parameters[name])));
            if (trial.Failed)
            {
                row.AddRange(["failed", "-", "-"]);
            }
            else
            {
                row.Add(float.IsNaN(trial.Score) ? "NaN" : trial.Score.ToString("0.0000", CultureInfo.InvariantCulture));
                row.Add(trial.BestEpoch < 0 ? "-" : $"{trial.BestEpoch + 1}/{trial.History!.Epochs}");
                row.Add(trial.SecondsPerEpoch.ToString("0.00", CultureInfo.InvariantCulture));
            }
            rows.Add([.. row]);
        }

        // A column is right-aligned when it holds numbers: rank, the numeric parameters, score, epoch, seconds.
        bool[] right = [.. header.Select((_, c) => c == 0 || c > names.Count
            || ranked.All(t => t.Parameters[names[c - 1]] is int or long or float or double))];
        int[] widths = [.. header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max())];

        var text = new StringBuilder();
        Line(text, header, widths, right);
        text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        for (int i = 0; i < rows.Count; i++)
        {
            Line(text, rows[i], widths, right, ranked[i].Failed ? OneLine(ranked[i].Error) : null);
        }
        return text.ToString();
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths, bool[] right, string? error = null)
    {
        string line = string.Join("  ", cells.Select((cell, c) => right[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c])));
        text.AppendLine(error is null ? line.TrimEnd() : $"{line}  {error}");
    }

    /// <summary>The message on one line: an error may span lines (an aggregate, a stack of causes); a table row or a
    /// list of reasons must not.</summary>
    internal static string OneLine(string? message) =>
        string.Join(" ", (message ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
