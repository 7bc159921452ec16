namespace NeuralDsl.Cpu;

/// <summary>Fills a weight tensor as Keras's initializers do.</summary>
public static class InitializerMath
{
    // Keras divides the truncated normal's σ by the σ of a unit normal truncated at ±2, so that the
    // variance after truncation is the one asked for (VarianceScaling, "truncated_normal").
    private const float TruncationCorrection = 0.87962566103423978f;

    /// <summary>Fills <c>values</c>; <c>fanIn</c> counts the inputs feeding one output unit, <c>fanOut</c> the outputs fed by one input.</summary>
    public static void Fill(Initializer initializer, Span<float> values, int fanIn, int fanOut, RandomSource random)
    {
        switch (initializer)
        {
            case Initializer.Zeros: values.Clear(); break;
            case Initializer.Ones: values.Fill(1f); break;
            case Initializer.RandomUniform: Uniform(values, 0.05f, random); break;
            case Initializer.RandomNormal:
                foreach (ref float v in values) v = 0.05f * random.NextGaussian();
                break;
            case Initializer.GlorotUniform: Uniform(values, MathF.Sqrt(6f / (fanIn + fanOut)), random); break;
            case Initializer.GlorotNormal: TruncatedNormal(values, MathF.Sqrt(2f / (fanIn + fanOut)), random); break;
            case Initializer.HeUniform: Uniform(values, MathF.Sqrt(6f / fanIn), random); break;
            case Initializer.HeNormal: TruncatedNormal(values, MathF.Sqrt(2f / fanIn), random); break;
            default: throw new ArgumentOutOfRangeException(nameof(initializer), initializer, "Unknown initializer.");
        }
    }

    private static void Uniform(Span<float> values, float limit, RandomSource random)
    {
        foreach (ref float v in values) v = (2f * random.NextFloat() - 1f) * limit;
    }

    private static void TruncatedNormal(Span<float> values, float stddev, RandomSource random)
    {
        float sigma = stddev / TruncationCorrection;
        foreach (ref float v in values)
        {
            float g;
            do g = random.NextGaussian(); while (MathF.Abs(g) > 2f);
            v = g * sigma;
        }
    }
}
