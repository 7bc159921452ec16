namespace NeuralDsl.Cpu;

/// <summary>
/// Loss values and their gradients with respect to the model's output. Values follow Keras: MSE, MAE and
/// binary cross-entropy average over the output columns, categorical cross-entropy sums over them, and
/// probabilities are clipped to [ε, 1 − ε] with ε = 1e-7. Gradients are those of the batch mean.
/// </summary>
public static class LossKernels
{
    public const float Epsilon = 1e-7f;

    /// <summary>Sum over the rows of each row's loss (divide by the rows for the mean).</summary>
    public static double Sum(Loss loss, ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int rows, int columns)
    {
        int n = rows * columns;
        double sum = 0;
        switch (loss)
        {
            case Loss.MeanSquaredError:
                for (int i = 0; i < n; i++) { double d = output[i] - targets[i]; sum += d * d; }
                return sum / columns;
            case Loss.MeanAbsoluteError:
                for (int i = 0; i < n; i++) sum += Math.Abs(output[i] - targets[i]);
                return sum / columns;
            case Loss.BinaryCrossentropy:
                for (int i = 0; i < n; i++)
                {
                    double p = Math.Clamp(output[i], Epsilon, 1 - Epsilon), y = targets[i];
                    sum -= y * Math.Log(p) + (1 - y) * Math.Log(1 - p);
                }
                return sum / columns;
            case Loss.CategoricalCrossentropy:
            case Loss.SparseCategoricalCrossentropy: // targets are one-hot by the time they reach a kernel
                for (int i = 0; i < n; i++)
                    if (targets[i] != 0f) sum -= targets[i] * Math.Log(Math.Clamp(output[i], Epsilon, 1 - Epsilon));
                return sum;
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss.");
        }
    }

    /// <summary>dL/d(output) of the batch-mean loss, for an output that is not fused with its loss.</summary>
    public static void Gradient(Loss loss, ReadOnlySpan<float> output, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
    {
        int n = rows * columns;
        float perRow = 1f / rows, perValue = 1f / (rows * (float)columns);
        switch (loss)
        {
            case Loss.MeanSquaredError:
                for (int i = 0; i < n; i++) gradient[i] = 2f * (output[i] - targets[i]) * perValue;
                break;
            case Loss.MeanAbsoluteError:
                for (int i = 0; i < n; i++) gradient[i] = MathF.Sign(output[i] - targets[i]) * perValue;
                break;
            case Loss.BinaryCrossentropy:
                for (int i = 0; i < n; i++)
                {
                    float p = output[i];
                    gradient[i] = p < Epsilon || p > 1 - Epsilon ? 0f : (p - targets[i]) / (p * (1 - p)) * perValue;
                }
                break;
            case Loss.CategoricalCrossentropy:
            case Loss.SparseCategoricalCrossentropy:
                for (int i = 0; i < n; i++)
                {
                    float p = output[i];
                    gradient[i] = p < Epsilon || p > 1 - Epsilon ? 0f : -targets[i] / p * perRow;
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss.");
        }
    }

    /// <summary>Softmax fused with categorical cross-entropy: dL/dz = (p − y) / rows, exact and stable.</summary>
    public static void SoftmaxCrossEntropyGradient(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns) =>
        Difference(probabilities, targets, gradient, rows * columns, 1f / rows);

    /// <summary>Sigmoid fused with binary cross-entropy: dL/dz = (p − y) / (rows · columns).</summary>
    public static void SigmoidCrossEntropyGradient(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns) =>
        Difference(probabilities, targets, gradient, rows * columns, 1f / (rows * (float)columns));

    private static void Difference(ReadOnlySpan<float> p, ReadOnlySpan<float> y, Span<float> gradient, int n, float scale)
    {
        for (int i = 0; i < n; i++) gradient[i] = (p[i] - y[i]) * scale;
    }
}
