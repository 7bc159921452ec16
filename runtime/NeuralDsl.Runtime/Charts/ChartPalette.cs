namespace NeuralDsl;

/// <summary>Line colours: matplotlib's "tab10", so the charts look like the Keras tutorials' figures, and its
/// neighbouring colours stay distinguishable to most colour-blind readers.</summary>
internal static class ChartPalette
{
    private static readonly string[] Colors =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>The colour of series (or run) <paramref name="index"/>; after ten the colours repeat.</summary>
    public static string Color(int index) => Colors[index % Colors.Length];

    /// <summary>The mark for a missing value (a failed trial): red, which no line of a score chart uses.</summary>
    public const string Missing = "#d62728";
}
