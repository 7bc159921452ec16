namespace NeuralDsl;

/// <summary>The names in an epoch log (Keras's), defined once for the training loop, the callbacks and the charts.</summary>
internal static class LogNames
{
    public const string Loss = "loss";
    public const string Accuracy = "accuracy";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string LearningRate = "learning_rate";

    /// <summary>Keras's prefix of a metric measured on the validation rows.</summary>
    public const string ValidationPrefix = "val_";

    /// <summary>The training metrics of a model that records <paramref name="requested"/>, in log order.</summary>
    public static IEnumerable<string> Training(Metric requested)
    {
        yield return Loss;
        if (requested.HasFlag(Metric.Accuracy)) yield return Accuracy;
        if (requested.HasFlag(Metric.Precision)) yield return Precision;
        if (requested.HasFlag(Metric.Recall)) yield return Recall;
    }

    /// <summary>Every name an epoch log of such a run holds, in log order.</summary>
    public static string[] Epoch(Metric requested, bool validation)
    {
        var names = Training(requested).ToList();
        if (validation) names.AddRange(Training(requested).Select(name => ValidationPrefix + name));
        names.Add(LearningRate);
        return [.. names];
    }
}
