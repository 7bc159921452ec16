namespace NeuralDsl;

/// <summary>
/// Training curves as SVG, the figures of the Keras tutorials: loss, and accuracy (or the model's first other metric),
/// per epoch, training solid and validation dashed. Extension methods, so that they read as methods of
/// <see cref="History"/>: <c>history.SaveChart("curves.svg")</c>. Files are written atomically: a crash leaves the old
/// file or the new one.
/// </summary>
public static class HistoryCharts
{
    private const int MaxRunNameChars = 28;

    /// <summary>
    /// Writes <paramref name="history"/>'s curves to <paramref name="path"/> as an 800×600 SVG image: a panel of
    /// <c>loss</c> and <c>val_loss</c>, and beside it one of <c>accuracy</c> and <c>val_accuracy</c> or, when the model
    /// has no accuracy, of its first other metric; epochs (1-based) run along the x axis, each value at the epoch that
    /// logged it (a metric first logged in epoch 3 starts there). A history without validation draws only the training
    /// lines. <c>learning_rate</c> is not a metric and is never charted. Any finite values are drawn to scale, however
    /// small or large (exponent labels such as <c>1E-20</c>); NaN and infinite ones leave a gap.
    /// </summary>
    /// <exception cref="ArgumentException">The path is null or empty, or the history has no epoch or no metric.</exception>
    public static void SaveChart(this History history, string path)
    {
        ArgumentNullException.ThrowIfNull(history);
        CheckPath(path);
        CheckRun(history, "The history", nameof(history));
        SvgChart.Write(path, Panels([(Name: "", History: history)], nameof(history)));
    }

    /// <summary>
    /// Writes the curves of several runs (variants of one experiment, e.g. one per optimizer) to <paramref name="path"/>
    /// in the same two panels as <see cref="SaveChart(History, string)"/>: one colour per run, validation dashed, legend
    /// "&lt;run&gt; training" and "&lt;run&gt; validation". Takes a dictionary of run name to history, or a list of
    /// pairs to keep a chosen order: <c>[new("adam", adamHistory), new("sgd", sgdHistory)]</c>. Runs of different
    /// lengths (early stopping) share one epoch axis. The image is 800 pixels wide and 600 high, taller when the legend
    /// of many runs needs more room than a third of that (every entry is kept; the plots keep 400 pixels).
    /// </summary>
    /// <exception cref="ArgumentException">The path is null or empty, there are no runs, a run has no name, a repeated
    /// name, or an empty history.</exception>
    public static void SaveChart(this IEnumerable<KeyValuePair<string, History>> runs, string path)
    {
        ArgumentNullException.ThrowIfNull(runs);
        CheckPath(path);
        var list = new List<(string Name, History History)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, history) in runs)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new ArgumentException($"Run {list.Count + 1} has no name; the legend needs one for each run.", nameof(runs));
            if (!names.Add(name))
                throw new ArgumentException($"Two runs are named \"{name}\"; the legend could not tell them apart.", nameof(runs));
            if (history is null) throw new ArgumentException($"Run \"{name}\" has no history (null).", nameof(runs));
            CheckRun(history, $"Run \"{name}\"'s history", nameof(runs));
            list.Add((name, history));
        }
        if (list.Count == 0) throw new ArgumentException("There are no runs to chart: the collection is empty.", nameof(runs));
        SvgChart.Write(path, Panels(list, nameof(runs)));
    }

    /// <summary>The loss panel and the accuracy (or other metric) panel; an unnamed single run gets the plain legend
    /// "training"/"validation" in two colours, named runs one colour each.</summary>
    internal static List<ChartPanel> Panels(IReadOnlyList<(string Name, History History)> runs, string paramName)
    {
        var metrics = new List<string>();
        foreach (var (_, history) in runs)
        {
            foreach (string key in history.Metrics.Keys)
            {
                string metric = key.StartsWith(LogNames.ValidationPrefix, StringComparison.Ordinal) ? key[LogNames.ValidationPrefix.Length..] : key;
                if (metric != LogNames.LearningRate && !metrics.Contains(metric)) metrics.Add(metric);
            }
        }
        if (metrics.Count == 0)
        {
            string recorded = string.Join(", ", runs.SelectMany(run => run.History.Metrics.Keys).Distinct());
            throw new ArgumentException(
                $"There is no metric to chart: the history records only {(recorded.Length == 0 ? "epoch times" : recorded)}.", paramName);
        }

        var charted = new List<string>();
        if (metrics.Contains(LogNames.Loss)) charted.Add(LogNames.Loss);
        string? second = metrics.Contains(LogNames.Accuracy) ? LogNames.Accuracy : metrics.FirstOrDefault(m => !charted.Contains(m));
        if (second is not null) charted.Add(second);

        bool single = runs.Count == 1 && runs[0].Name.Length == 0;
        return charted.Select(metric => Panel(metric, runs, single)).ToList();
    }

    private static ChartPanel Panel(string metric, IReadOnlyList<(string Name, History History)> runs, bool single)
    {
        var series = new List<ChartSeries>();
        for (int r = 0; r < runs.Count; r++)
        {
            var (name, history) = runs[r];
            // A long run name is shortened here, not in the legend, so that "training" and "validation" stay readable.
            string prefix = single ? "" : SvgText.Truncate(name, MaxRunNameChars) + " ";
            var training = history.Series(metric);
            var validation = history.Series(LogNames.ValidationPrefix + metric);
            if (training.Count > 0)
                series.Add(new ChartSeries(prefix + "training", Epochs(history, metric), Values(training), ChartPalette.Color(single ? 0 : r)));
            if (validation.Count > 0)
                series.Add(new ChartSeries(prefix + "validation", Epochs(history, LogNames.ValidationPrefix + metric), Values(validation), ChartPalette.Color(single ? 1 : r)) { Dashed = true });
        }

        bool hasTraining = series.Any(s => !s.Dashed), hasValidation = series.Any(s => s.Dashed);
        string title = hasTraining && hasValidation ? $"Training and validation {metric}" : hasValidation ? $"Validation {metric}" : $"Training {metric}";
        var panel = new ChartPanel(title, "Epoch", AxisLabel(metric)) { IntegerX = true };
        panel.Series.AddRange(series);
        return panel;
    }

    /// <summary>The 1-based epoch of each value of <paramref name="name"/>: a metric first logged in a later epoch is
    /// drawn from there.</summary>
    private static double[] Epochs(History history, string name) => history.EpochsOf(name).Select(epoch => epoch + 1.0).ToArray();

    private static double[] Values(IReadOnlyList<float> values) => values.Select(value => (double)value).ToArray();

    /// <summary>Keras's own metric names read as words ("Loss"); another name (an abbreviation such as "mae") is
    /// written as it is.</summary>
    private static string AxisLabel(string metric) => metric switch
    {
        LogNames.Loss => "Loss",
        LogNames.Accuracy => "Accuracy",
        LogNames.Precision => "Precision",
        LogNames.Recall => "Recall",
        _ => metric,
    };

    private static void CheckPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException("The chart's path is null or empty; give a file name such as \"curves.svg\".", nameof(path));
    }

    private static void CheckRun(History history, string what, string paramName)
    {
        if (history.Epochs == 0)
            throw new ArgumentException($"{what} is empty: it records no epoch, so there is nothing to chart.", paramName);
    }
}
