namespace NeuralDsl.Runtime.Tests.Search;

/// <summary>Histories written by hand, as <c>Fit</c> would return them, so the search is tested without training.</summary>
internal static class Histories
{
    /// <summary>One epoch per value: <c>val_accuracy</c> as given, <c>val_loss</c> = 1 − it, and the training
    /// metrics and learning rate a real log has; epoch i took <c>seconds</c>[i] (1 s each by default).</summary>
    public static History WithValAccuracy(float[] valAccuracy, double[]? seconds = null)
    {
        var history = new History();
        for (int epoch = 0; epoch < valAccuracy.Length; epoch++)
        {
            history.Add(new EpochLog(epoch, new Dictionary<string, float>
            {
                ["loss"] = 2f - valAccuracy[epoch],
                ["accuracy"] = valAccuracy[epoch] + 0.01f,
                ["val_loss"] = 1f - valAccuracy[epoch],
                ["val_accuracy"] = valAccuracy[epoch],
                ["learning_rate"] = 0.001f,
            }, seconds?[epoch] ?? 1.0));
        }
        return history;
    }

    /// <summary>A history whose best <c>val_accuracy</c> is <paramref name="best"/> (reached at the last of three epochs).</summary>
    public static History Reaching(float best) => WithValAccuracy([best - 0.2f, best - 0.1f, best]);
}
