using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class BatchNormalizationMathTests
{
    private const float Epsilon = 1e-3f, Momentum = 0.99f;

    // rows, positions, channels: odd channel counts around the 4/8/16-lane vectors, one row and several, dense (1 position)
    // and image-like.
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 6, 1 },
        { 5, 1, 3 },
        { 5, 6, 17 },
        { 1, 4, 33 },
        { 5, 3, 33 },
    };

    /// <summary>Keras's formula in double: the batch's mean and biased variance per channel, x̂ and γ·x̂ + β.</summary>
    private static (double[] Y, double[] Xhat, double[] InverseStd, double[] Mean, double[] Variance) Training(
        float[] x, float[]? gamma, float[]? beta, int count, int channels)
    {
        var mean = new double[channels];
        var variance = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int p = 0; p < count; p++) sum += x[p * channels + c];
            mean[c] = sum / count;
            double squares = 0;
            for (int p = 0; p < count; p++) squares += (x[p * channels + c] - mean[c]) * (x[p * channels + c] - mean[c]);
            variance[c] = squares / count;
        }
        var inverseStd = new double[channels];
        for (int c = 0; c < channels; c++) inverseStd[c] = 1 / Math.Sqrt(variance[c] + Epsilon);
        var xhat = new double[x.Length];
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int c = i % channels;
            xhat[i] = (x[i] - mean[c]) * inverseStd[c];
            y[i] = (gamma is null ? 1 : gamma[c]) * xhat[i] + (beta is null ? 0 : beta[c]);
        }
        return (y, xhat, inverseStd, mean, variance);
    }

    /// <summary><c>γ·(x − μ)/√(σ² + ε) + β</c> in double with given statistics.</summary>
    private static double[] Inference(float[] x, float[]? gamma, float[]? beta, float[] mean, float[] variance, int channels)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            int c = i % channels;
            y[i] = (gamma is null ? 1 : gamma[c]) * (x[i] - (double)mean[c]) / Math.Sqrt(variance[c] + (double)Epsilon) + (beta is null ? 0 : beta[c]);
        }
        return y;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Training_forward_matches_the_formula(int rows, int positions, int channels)
    {
        int count = rows * positions;
        // A large common offset: the statistics must not lose it to cancellation.
        float[] x = TestMath.Random(count * channels, 1, 99f, 101f);
        float[] gamma = TestMath.Random(channels, 2, 0.5f, 2f), beta = TestMath.Random(channels, 3);
        var (y, xhat, inverseStd, _, _) = Training(x, gamma, beta, count, channels);
        var normalized = new float[x.Length];
        var inverse = new float[channels];
        var output = new float[x.Length];
        output.AsSpan().Fill(float.NaN);

        BatchNormalizationMath.TrainingForward(x, gamma, beta, [], [], normalized, inverse, output,
            rows, positions, channels, Momentum, Epsilon, updateMovingStatistics: false);

        TestMath.AssertClose(inverseStd, inverse, 1e-6, 0, "inverseStd");
        TestMath.AssertClose(xhat, normalized, 1e-4, 1e-4, "normalized");
        TestMath.AssertClose(y, output, 1e-4, 1e-4, "output");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Empty_gamma_and_beta_mean_one_and_zero(int rows, int positions, int channels)
    {
        int count = rows * positions;
        float[] x = TestMath.Random(count * channels, 4, -3f, 2f);
        var (y, _, _, _, _) = Training(x, null, null, count, channels);
        var output = new float[x.Length];

        BatchNormalizationMath.TrainingForward(x, [], [], [], [], new float[x.Length], new float[channels], output,
            rows, positions, channels, Momentum, Epsilon, updateMovingStatistics: false);
        TestMath.AssertClose(y, output, 1e-5, 1e-5, "training");

        float[] mean = TestMath.Random(channels, 5), variance = TestMath.Random(channels, 6, 0.1f, 3f);
        BatchNormalizationMath.InferenceForward(x, [], [], mean, variance, output, rows, positions, channels, Epsilon);
        TestMath.AssertClose(Inference(x, null, null, mean, variance, channels), output, 1e-5, 1e-5, "inference");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Moving_statistics_follow_keras_after_two_batches(int rows, int positions, int channels)
    {
        int count = rows * positions;
        float[] movingMean = TestMath.Random(channels, 7), movingVariance = TestMath.Random(channels, 8, 0.5f, 2f);
        double[] expectedMean = TestMath.ToDouble(movingMean), expectedVariance = TestMath.ToDouble(movingVariance);
        float[] gamma = TestMath.Random(channels, 9), beta = TestMath.Random(channels, 10);

        for (int batch = 0; batch < 2; batch++)
        {
            float[] x = TestMath.Random(count * channels, 11 + batch, -2f + batch, 3f + batch);
            // Keras 3: moving = moving·momentum + batch·(1 − momentum), with the batch's biased variance.
            var (_, _, _, mean, variance) = Training(x, gamma, beta, count, channels);
            for (int c = 0; c < channels; c++)
            {
                expectedMean[c] = expectedMean[c] * Momentum + mean[c] * (1 - (double)Momentum);
                expectedVariance[c] = expectedVariance[c] * Momentum + variance[c] * (1 - (double)Momentum);
            }
            BatchNormalizationMath.TrainingForward(x, gamma, beta, movingMean, movingVariance, new float[x.Length], new float[channels],
                new float[x.Length], rows, positions, channels, Momentum, Epsilon, updateMovingStatistics: true);
        }

        TestMath.AssertClose(expectedMean, movingMean, 1e-6, 1e-7, "moving mean");
        TestMath.AssertClose(expectedVariance, movingVariance, 1e-6, 1e-7, "moving variance");
    }

    [Fact]
    public void Moving_statistics_hand_worked_for_one_channel()
    {
        // Two batches of one channel, momentum 0.9: batch 1 = {1, 3} (mean 2, biased variance 1), batch 2 = {0, 4, 8}
        // (mean 4, biased variance 32/3). Moving mean 0 → 0.2 → 0.58; moving variance 1 → 1 → 0.9 + 32/30.
        float[] movingMean = [0f], movingVariance = [1f];
        foreach (float[] batch in new[] { new[] { 1f, 3f }, new[] { 0f, 4f, 8f } })
            BatchNormalizationMath.TrainingForward(batch, [], [], movingMean, movingVariance, new float[batch.Length], new float[1],
                new float[batch.Length], batch.Length, 1, 1, 0.9f, Epsilon, updateMovingStatistics: true);

        TestMath.AssertClose([0.58], movingMean, 1e-6, 0, "moving mean");
        TestMath.AssertClose([0.9 + 32.0 / 30], movingVariance, 1e-6, 0, "moving variance");
    }

    [Fact]
    public void Without_the_update_the_moving_statistics_stay()
    {
        float[] x = TestMath.Random(5 * 3, 12);
        float[] movingMean = [0.5f, -1f, 2f], movingVariance = [1f, 2f, 3f];

        BatchNormalizationMath.TrainingForward(x, [], [], movingMean, movingVariance, new float[x.Length], new float[3], new float[x.Length],
            5, 1, 3, Momentum, Epsilon, updateMovingStatistics: false);

        Assert.Equal([0.5f, -1f, 2f], movingMean);
        Assert.Equal([1f, 2f, 3f], movingVariance);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Inference_forward_matches_the_formula(int rows, int positions, int channels)
    {
        int count = rows * positions;
        float[] x = TestMath.Random(count * channels, 13, -4f, 4f);
        float[] gamma = TestMath.Random(channels, 14, 0.5f, 2f), beta = TestMath.Random(channels, 15);
        float[] mean = TestMath.Random(channels, 16), variance = TestMath.Random(channels, 17, 0.1f, 3f);
        var output = new float[x.Length];
        output.AsSpan().Fill(float.NaN);

        BatchNormalizationMath.InferenceForward(x, gamma, beta, mean, variance, output, rows, positions, channels, Epsilon);

        TestMath.AssertClose(Inference(x, gamma, beta, mean, variance, channels), output, 1e-5, 1e-5, "output");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Training_backward_matches_finite_differences(int rows, int positions, int channels)
    {
        int count = rows * positions;
        float[] x = TestMath.Random(count * channels, 18, -2f, 2f);
        float[] gamma = TestMath.Random(channels, 19, 0.5f, 2f), beta = TestMath.Random(channels, 20);
        float[] readout = TestMath.Random(x.Length, 21);
        double Loss() => Sum(Training(x, gamma, beta, count, channels).Y, readout);

        var normalized = new float[x.Length];
        var inverseStd = new float[channels];
        BatchNormalizationMath.TrainingForward(x, gamma, beta, [], [], normalized, inverseStd, new float[x.Length],
            rows, positions, channels, Momentum, Epsilon, updateMovingStatistics: false);
        var dGamma = new float[channels];
        var dBeta = new float[channels];
        var dx = new float[x.Length];
        dGamma.AsSpan().Fill(float.NaN);
        dBeta.AsSpan().Fill(float.NaN);
        dx.AsSpan().Fill(float.NaN);

        BatchNormalizationMath.TrainingBackward(normalized, inverseStd, gamma, readout, dGamma, dBeta, dx, rows, positions, channels);

        TestMath.AssertClose(TestMath.NumericGradient(x, Loss), dx, 2e-3, 2e-4, "input");
        TestMath.AssertClose(TestMath.NumericGradient(gamma, Loss), dGamma, 1e-3, 1e-4, "gamma");
        TestMath.AssertClose(TestMath.NumericGradient(beta, Loss), dBeta, 1e-3, 1e-4, "beta");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Training_backward_writes_only_what_is_asked_for(int rows, int positions, int channels)
    {
        int count = rows * positions;
        float[] x = TestMath.Random(count * channels, 22);
        float[] readout = TestMath.Random(x.Length, 23);
        var normalized = new float[x.Length];
        var inverseStd = new float[channels];
        BatchNormalizationMath.TrainingForward(x, [], [], [], [], normalized, inverseStd, new float[x.Length],
            rows, positions, channels, Momentum, Epsilon, updateMovingStatistics: false);
        var dGamma = new float[channels];
        var dBeta = new float[channels];
        var dx = new float[x.Length];
        BatchNormalizationMath.TrainingBackward(normalized, inverseStd, [], readout, dGamma, dBeta, dx, rows, positions, channels);

        // Input gradient alone (gamma empty = 1), then the parameter gradients alone, each equal to the full call's.
        var dxAlone = new float[x.Length];
        BatchNormalizationMath.TrainingBackward(normalized, inverseStd, [], readout, [], [], dxAlone, rows, positions, channels);
        Assert.Equal(dx, dxAlone);
        var dGammaAlone = new float[channels];
        var dBetaAlone = new float[channels];
        BatchNormalizationMath.TrainingBackward(normalized, inverseStd, [], readout, dGammaAlone, dBetaAlone, [], rows, positions, channels);
        Assert.Equal(dGamma, dGammaAlone);
        Assert.Equal(dBeta, dBetaAlone);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Inference_backward_matches_finite_differences(int rows, int positions, int channels)
    {
        int count = rows * positions;
        float[] x = TestMath.Random(count * channels, 24, -2f, 2f);
        float[] gamma = TestMath.Random(channels, 25, 0.5f, 2f), beta = TestMath.Random(channels, 26);
        float[] mean = TestMath.Random(channels, 27), variance = TestMath.Random(channels, 28, 0.1f, 3f);
        float[] readout = TestMath.Random(x.Length, 29);
        double Loss() => Sum(Inference(x, gamma, beta, mean, variance, channels), readout);
        var dGamma = new float[channels];
        var dBeta = new float[channels];
        var dx = new float[x.Length];
        dGamma.AsSpan().Fill(float.NaN);
        dBeta.AsSpan().Fill(float.NaN);
        dx.AsSpan().Fill(float.NaN);

        BatchNormalizationMath.InferenceBackward(x, gamma, mean, variance, readout, dGamma, dBeta, dx, rows, positions, channels, Epsilon);

        TestMath.AssertClose(TestMath.NumericGradient(x, Loss), dx, 1e-3, 1e-4, "input");
        TestMath.AssertClose(TestMath.NumericGradient(gamma, Loss), dGamma, 1e-3, 1e-4, "gamma");
        TestMath.AssertClose(TestMath.NumericGradient(beta, Loss), dBeta, 1e-3, 1e-4, "beta");

        // Only the input gradient: x is not read, and gamma empty means 1.
        var dxAlone = new float[x.Length];
        BatchNormalizationMath.InferenceBackward([], [], mean, variance, readout, [], [], dxAlone, rows, positions, channels, Epsilon);
        var expected = new double[x.Length];
        for (int i = 0; i < x.Length; i++) expected[i] = readout[i] / Math.Sqrt(variance[i % channels] + (double)Epsilon);
        TestMath.AssertClose(expected, dxAlone, 1e-6, 0, "input alone");
    }

    [Fact]
    public void Wide_layers_take_their_scratch_from_the_pool()
    {
        // More channels than the stack scratch holds: the same results through the rented buffer.
        const int rows = 3, channels = 1000;
        float[] x = TestMath.Random(rows * channels, 30);
        float[] readout = TestMath.Random(x.Length, 31);
        var (y, _, _, _, _) = Training(x, null, null, rows, channels);
        var normalized = new float[x.Length];
        var inverseStd = new float[channels];
        var output = new float[x.Length];
        BatchNormalizationMath.TrainingForward(x, [], [], [], [], normalized, inverseStd, output, rows, 1, channels, Momentum, Epsilon, false);
        TestMath.AssertClose(y, output, 1e-5, 1e-5, "output");

        var dx = new float[x.Length];
        var dBeta = new float[channels];
        BatchNormalizationMath.TrainingBackward(normalized, inverseStd, [], readout, [], dBeta, dx, rows, 1, channels);
        for (int c = 0; c < channels; c++)
            Assert.Equal((double)readout[c] + readout[channels + c] + readout[2 * channels + c], dBeta[c], 1e-5);
    }

    private static double Sum(double[] values, float[] weights)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++) sum += values[i] * weights[i];
        return sum;
    }
}
