namespace NeuralDsl.Cpu;

/// <summary>L1 / L2 / elastic-net weight penalties, added to the loss (not divided by the batch size, as Keras).</summary>
public static class RegularizationMath
{
    /// <summary><c>l1·Σ|w| + l2·Σw²</c>.</summary>
    public static double Penalty(ReadOnlySpan<float> weights, float l1, float l2)
    {
        double abs = 0, squares = 0;
        foreach (float w in weights)
        {
            abs += MathF.Abs(w);
            squares += (double)w * w;
        }
        return l1 * abs + l2 * squares;
    }

    /// <summary><c>gradient += l1·sign(w) + 2·l2·w</c>.</summary>
    public static void AddGradient(ReadOnlySpan<float> weights, Span<float> gradient, float l1, float l2)
    {
        float twoL2 = 2f * l2;
        for (int i = 0; i < gradient.Length; i++)
            gradient[i] += l1 * MathF.Sign(weights[i]) + twoL2 * weights[i];
    }
}
