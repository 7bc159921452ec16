using System.Globalization;
using NeuralDsl;

namespace Classify;

/// <summary>One line per row: the most probable classes with their names and probabilities.</summary>
internal static class Report
{
    /// <summary>Fashion-MNIST's classes (every network here ends in a softmax over them).</summary>
    public const int Classes = 10;

    public static void Print(float[] probabilities, int rows, int top, TextWriter output)
    {
        string[] names = FashionMnist.ClassNames;
        Span<int> order = stackalloc int[Classes];
        for (int r = 0; r < rows; r++)
        {
            var row = probabilities.AsSpan(r * Classes, Classes);
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
        for (int start = 0; start < probabilities.Length; start += Classes)
            output.WriteLine(string.Join(' ', probabilities.AsSpan(start, Classes).ToArray().Select(p => p.ToString("R", CultureInfo.InvariantCulture))));
    }

    /// <summary>The accuracy of the first <paramref name="rows"/> rows against the IDX labels in <paramref name="labelsPath"/>
    /// (which must have a label for each of the rows of <paramref name="input"/>).</summary>
    public static void PrintAccuracy(float[] probabilities, int rows, string labelsPath, string input, TextWriter output)
    {
        byte[] labels = Idx.ReadLabels(Inputs.NotADirectory(labelsPath));
        if (labels.Length < rows)
            throw new InvalidDataException($"{labelsPath} has {Quantity.Of(labels.Length, "label")} for {Quantity.Of(rows, "row")} of {input}.");
        int right = 0;
        for (int r = 0; r < rows; r++) right += ArgMax(probabilities.AsSpan(r * Classes, Classes)) == labels[r] ? 1 : 0;
        output.WriteLine($"accuracy {Percent.Of((double)right / rows)} ({right} of {Quantity.Of(rows, "row")})");
    }

    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
        return best;
    }
}
