namespace NeuralDsl;

/// <summary>One plot of a chart: its title, axis labels and lines. Panels of a chart sit side by side.</summary>
internal sealed class ChartPanel(string title, string xLabel, string yLabel)
{
    public string Title { get; } = title;
    public string XLabel { get; } = xLabel;
    public string YLabel { get; } = yLabel;
    public List<ChartSeries> Series { get; } = [];

    /// <summary>Ticks only at whole numbers (epochs).</summary>
    public bool IntegerX { get; init; }

    /// <summary>When set, the x axis is categorical: item i (0-based) sits at x = i + 1 and its tick is labelled
    /// <see cref="Categories"/>[i] instead of a number (trials of a hyper-parameter search).</summary>
    public IReadOnlyList<string>? Categories { get; init; }
}
