using static NeuralDsl.Runtime.Tests.Model.StatefulModel;

namespace NeuralDsl.Runtime.Tests.Model;

/// <summary><see cref="StatefulModel"/> worked in double with plain loops: what its forward pass writes into the state and
/// which gradient of gamma and beta its backward pass gives.</summary>
internal sealed class StatefulReference
{
    public double[] Parameters { get; } = InitialParameters.Select(value => (double)value).ToArray();

    public bool NormalizationTrains { get; init; } = true;

    public bool StatisticsTrains { get; init; } = true;

    /// <summary>A training forward pass over <paramref name="rows"/> (each a pair of inputs): the state of the trainable layers
    /// moves towards the batch's statistics.</summary>
    public void Forward(double[][] rows)
    {
        var p = Parameters;
        var outputs = rows.Select(x => new[] { p[Gamma] * x[0] + p[Beta], p[Gamma + 1] * x[1] + p[Beta + 1] }).ToArray();
        for (int j = 0; j < Features; j++)
        {
            if (NormalizationTrains)
            {
                double mean = rows.Average(x => x[j]);
                double variance = rows.Average(x => (x[j] - mean) * (x[j] - mean));
                p[MovingMean + j] = Momentum * p[MovingMean + j] + (1 - Momentum) * mean;
                p[MovingVariance + j] = Momentum * p[MovingVariance + j] + (1 - Momentum) * variance;
            }
            if (StatisticsTrains)
                p[StatisticsMean + j] = Momentum * p[StatisticsMean + j] + (1 - Momentum) * outputs.Average(output => output[j]);
        }
    }

    /// <summary>dL/d(gamma, beta) of the mean squared error over <paramref name="rows"/> with targets <paramref name="targets"/>.</summary>
    public double[] Gradient(double[][] rows, double[][] targets)
    {
        var p = Parameters;
        var gradient = new double[4];
        for (int r = 0; r < rows.Length; r++)
            for (int j = 0; j < Features; j++)
            {
                double output = p[Gamma + j] * rows[r][j] + p[Beta + j];
                double d = 2 * (output - targets[r][j]) / (Features * rows.Length);
                gradient[Gamma + j] += d * rows[r][j];
                gradient[Beta + j] += d;
            }
        return gradient;
    }

    /// <summary>One SGD step of the weights (gamma and beta).</summary>
    public void Step(double learningRate, double[] gradient)
    {
        for (int i = 0; i < gradient.Length; i++) Parameters[i] -= learningRate * gradient[i];
    }

    /// <summary>Row <paramref name="row"/> of a flat array of pairs.</summary>
    public static double[][] Rows(float[] flat, int start, int count) =>
        Enumerable.Range(start, count).Select(r => new double[] { flat[r * Features], flat[r * Features + 1] }).ToArray();

    public static void AssertClose(double[] expected, ReadOnlySpan<float> actual, int start, int end, string what)
    {
        for (int i = start; i < end; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6 + 1e-5 * Math.Abs(expected[i]),
                $"{what}: parameter {i} is {actual[i]:R}, expected {expected[i]:R}");
    }
}
