using System.Globalization;
using NeuralDsl;

namespace Classify;

/// <summary>One line per row: the most probable classes with their names and probabilities.</summary>
internal static class Report
{
    public static void Print(float[] probabilities, int rows, int top, TextWriter output)
    {
        string[] names = FashionMnist.ClassNames;
        Span<int> order = stackalloc int[Options.Classes];
        for (int r = 0; r < rows; r++)
        {
            var row = probabilities.AsSpan(r * Options.Classes, Options.Classes);
            for (int c = 0; c < order.Length; c++) order[c] = c;
            // Most probable first; ties in class order, so the output is stable.
            var scores = row.ToArray();
            order.Sort((a, b) => scores[b] != scores[a] ? scores[b].CompareTo(scores[a]) : a.CompareTo(b));
            var parts = new string[top];
            for (int k = 0; k < top; k++)
                parts[k] = string.Create(CultureInfo.InvariantCulture, $"{order[k]} {names[order[k]]} {row[order[k]] * 100:0.00} %");
            output.WriteLine($"{r}: {string.Join(", ", parts)}");
        }
    }

    /// <summary>Each row's probabilities, space-separated, in round-trip format.</summary>
    public static void PrintRaw(float[] probabilities, TextWriter output)
    {
        for (int start = 0; start < probabilities.Length; start += Options.Classes)
            output.WriteLine(string.Join(' ', probabilities.AsSpan(start, Options.Classes).ToArray().Select(p => p.ToString("R", CultureInfo.InvariantCulture))));
    }

    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
        return best;
    }
}
