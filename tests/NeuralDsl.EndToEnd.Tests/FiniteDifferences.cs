namespace NeuralDsl.EndToEnd.Tests;

/// <summary>Central finite differences of a model's loss with respect to each parameter.</summary>
internal static class FiniteDifferences
{
    /// <param name="checks">Which parameters to compare (all when null): the trainable ones of a model with frozen layers,
    /// whose frozen parameters get no gradient.</param>
    public static void AssertGradientsMatch(SequentialModel model, float[] x, float[] y, float step = 4e-3f, Func<int, bool>? checks = null)
    {
        // The first pass draws the dropout masks; freezing them makes the loss a fixed function of θ.
        model.ComputeGradients(x, y);
        model.FreezeDropoutMasks = true;
        model.ComputeGradients(x, y);
        float[] analytic = model.Gradients.ToArray();
        Assert.True(analytic.Any(g => MathF.Abs(g) > 1e-4f), "every gradient is ~0: the check would prove nothing");

        var parameters = model.Parameters;
        var failures = new List<string>();
        for (int i = 0; i < parameters.Length; i++)
        {
            if (checks is not null && !checks(i)) continue;
            float original = parameters[i];
            float plus = original + step, minus = original - step;
            parameters[i] = plus;
            double lossPlus = model.ComputeLoss(x, y, training: true);
            parameters[i] = minus;
            double lossMinus = model.ComputeLoss(x, y, training: true);
            parameters[i] = original;
            double numeric = (lossPlus - lossMinus) / ((double)plus - minus);
            double tolerance = 5e-4 + 2e-2 * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i]));
            if (Math.Abs(numeric - analytic[i]) > tolerance)
                failures.Add($"θ[{i}] ({TensorOf(model.Info, i)}): backward {analytic[i]:G6}, finite difference {numeric:G6}");
        }
        Assert.True(failures.Count == 0, $"{model.Info.Name}: {failures.Count} of {parameters.Length} gradients differ:\n" + string.Join("\n", failures));
    }

    private static string TensorOf(ModelInfo info, int index) =>
        info.Tensors.FirstOrDefault(t => index >= t.Offset && index < t.Offset + t.Length)?.Name ?? "?";
}
