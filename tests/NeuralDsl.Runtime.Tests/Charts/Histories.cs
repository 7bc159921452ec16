namespace NeuralDsl.Runtime.Tests.Charts;

/// <summary>Histories built as the training loop builds them, one <see cref="EpochLog"/> at a time.</summary>
internal static class Histories
{
    /// <summary>A history with the given series (all of one length), in the given order, and 1.5 s per epoch.</summary>
    public static History From(params (string Name, float[] Values)[] series)
    {
        var history = new History();
        for (int epoch = 0; epoch < series[0].Values.Length; epoch++)
            history.Add(new EpochLog(epoch, series.ToDictionary(s => s.Name, s => s.Values[epoch]), 1.5 + epoch * 0.01));
        return history;
    }

    /// <summary>A plausible run: loss falling, accuracy rising, validation a little worse, a constant learning rate.</summary>
    public static History Typical(int epochs, bool validation = true, float offset = 0)
    {
        var loss = new float[epochs];
        var accuracy = new float[epochs];
        for (int i = 0; i < epochs; i++)
        {
            loss[i] = offset + 0.2f + 0.5f * MathF.Exp(-0.2f * i);
            accuracy[i] = 0.95f - 0.2f * MathF.Exp(-0.2f * i) - offset / 10;
        }
        var series = new List<(string, float[])> { ("loss", loss), ("accuracy", accuracy) };
        if (validation)
        {
            series.Add(("val_loss", loss.Select((l, i) => l + 0.05f + 0.004f * i).ToArray()));
            series.Add(("val_accuracy", accuracy.Select(a => a - 0.02f).ToArray()));
        }
        series.Add(("learning_rate", Enumerable.Repeat(0.001f, epochs).ToArray()));
        return From([.. series]);
    }
}
