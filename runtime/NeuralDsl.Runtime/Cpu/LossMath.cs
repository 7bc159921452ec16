namespace NeuralDsl.Cpu;

/// <summary>
/// Loss values and their gradients with respect to the model's output, as Keras computes them: MSE, MAE and binary
/// cross-entropy average over the output columns, categorical cross-entropy sums over them, and probabilities are
/// clipped to [ε, 1 − ε]. Gradients are those of the batch mean. The formulas are the <see cref="ILoss"/> types.
/// </summary>
public static class LossMath
{
    /// <summary>Sum over the rows of each row's loss (divide by the rows for the mean).</summary>
    public static double Sum(Loss loss, ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int rows, int columns) => loss switch
    {
        Loss.MeanSquaredError => Sum<MeanSquaredError>(output, targets, rows, columns),
        Loss.MeanAbsoluteError => Sum<MeanAbsoluteError>(output, targets, rows, columns),
        Loss.BinaryCrossentropy => Sum<BinaryCrossentropy>(output, targets, rows, columns),
        Loss.CategoricalCrossentropy or Loss.SparseCategoricalCrossentropy => Sum<CategoricalCrossentropy>(output, targets, rows, columns),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss."),
    };

    /// <summary>dL/d(output) of the batch-mean loss, for an output that is not fused with its loss.</summary>
    public static void Gradient(Loss loss, ReadOnlySpan<float> output, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
    {
        switch (loss)
        {
            case Loss.MeanSquaredError: Gradient<MeanSquaredError>(output, targets, gradient, rows, columns); break;
            case Loss.MeanAbsoluteError: Gradient<MeanAbsoluteError>(output, targets, gradient, rows, columns); break;
            case Loss.BinaryCrossentropy: Gradient<BinaryCrossentropy>(output, targets, gradient, rows, columns); break;
            case Loss.CategoricalCrossentropy or Loss.SparseCategoricalCrossentropy: Gradient<CategoricalCrossentropy>(output, targets, gradient, rows, columns); break;
            default: throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss.");
        }
    }

    /// <summary>The batch-mean scale of a loss's gradient: 1 / (rows · columns) for a mean over columns, else 1 / rows.</summary>
    public static float GradientScale<TLoss>(int rows, int columns) where TLoss : struct, ILoss =>
        TLoss.MeanOverColumns ? 1f / (rows * (float)columns) : 1f / rows;

    public static double Sum<TLoss>(ReadOnlySpan<float> output, ReadOnlySpan<float> targets, int rows, int columns) where TLoss : struct, ILoss
    {
        int n = rows * columns;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += TLoss.Value(output[i], targets[i]);
        return TLoss.MeanOverColumns ? sum / columns : sum;
    }

    public static void Gradient<TLoss>(ReadOnlySpan<float> output, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns)
        where TLoss : struct, ILoss
    {
        int n = rows * columns;
        float scale = GradientScale<TLoss>(rows, columns);
        for (int i = 0; i < n; i++) gradient[i] = TLoss.Derivative(output[i], targets[i]) * scale;
    }

    /// <summary>Softmax fused with categorical cross-entropy: dL/dz = (p − y) / rows, exact and stable.</summary>
    public static void SoftmaxCrossEntropyGradient(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns) =>
        Difference(probabilities, targets, gradient, rows * columns, GradientScale<CategoricalCrossentropy>(rows, columns));

    /// <summary>Sigmoid fused with binary cross-entropy: dL/dz = (p − y) / (rows · columns).</summary>
    public static void SigmoidCrossEntropyGradient(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> targets, Span<float> gradient, int rows, int columns) =>
        Difference(probabilities, targets, gradient, rows * columns, GradientScale<BinaryCrossentropy>(rows, columns));

    private static void Difference(ReadOnlySpan<float> p, ReadOnlySpan<float> y, Span<float> gradient, int n, float scale)
    {
        for (int i = 0; i < n; i++) gradient[i] = (p[i] - y[i]) * scale;
    }
}
