namespace NeuralDsl;

/// <summary>
/// A hyper-parameter search at a glance: one labelled point per trial, in trial order, joined by a line. A trial
/// without a score (failed, a NaN) breaks the line and is marked with a red cross at the foot of the plot.
/// </summary>
internal static class ScoreChart
{
    /// <summary>The x axis's label when the trials are not named by one parameter.</summary>
    public const string DefaultAxisLabel = "Trial";

    /// <summary>What a cross stands for unless the caller says otherwise.</summary>
    public const string FailedLabel = "failed trial";

    /// <summary>Writes the chart to <paramref name="path"/> (atomically); <paramref name="labels"/>[i] names trial i
    /// and <paramref name="scores"/>[i] is its score, NaN when it has none; <paramref name="missingLabel"/> explains the
    /// cross that marks such a trial.</summary>
    public static void Write(string path, string title, string scoreName, IReadOnlyList<string> labels, IReadOnlyList<float> scores,
        string axisLabel = DefaultAxisLabel, string missingLabel = FailedLabel)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        SvgChart.Write(path, [Panel(title, scoreName, labels, scores, axisLabel, missingLabel)]);
    }

    /// <summary>The chart's one panel (the x axis is categorical).</summary>
    public static ChartPanel Panel(string title, string scoreName, IReadOnlyList<string> labels, IReadOnlyList<float> scores,
        string axisLabel = DefaultAxisLabel, string missingLabel = FailedLabel)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentException.ThrowIfNullOrWhiteSpace(scoreName);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != scores.Count)
            throw new ArgumentException($"There are {labels.Count} trial labels but {scores.Count} scores; each trial needs one of each.", nameof(labels));
        if (scores.Count == 0)
            throw new ArgumentException("There are no trials to chart.", nameof(scores));

        var x = Enumerable.Range(1, scores.Count).Select(i => (double)i).ToArray();
        var y = scores.Select(score => (double)score).ToArray();
        var panel = new ChartPanel(title, axisLabel, scoreName) { Categories = labels };
        panel.Series.Add(new ChartSeries(scoreName, x, y, ChartPalette.Color(0)) { Markers = true, MissingLabel = missingLabel });
        return panel;
    }
}
