using System.Text;

namespace FashionMnistExperiments;

/// <summary>Formats rows as a Markdown table with aligned columns.</summary>
internal static class Table
{
    public static string Format(string[] header, IReadOnlyList<string[]> rows)
    {
        var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        Line(text, header, widths);
        text.AppendLine("| " + string.Join(" | ", widths.Select(w => new string('-', w))) + " |");
        foreach (var row in rows) Line(text, row, widths);
        return text.ToString();
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths) =>
        text.AppendLine("| " + string.Join(" | ", cells.Select((cell, c) => cell.PadRight(widths[c]))) + " |");
}
