using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class GlobalPoolingMathTests
{
    // rows, positions, channels
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 5, 7, 1 },
        { 1, 9, 3 },
        { 5, 4, 17 },
        { 5, 16, 33 },
        { 1, 3, 33 },
    };

    /// <summary>Distinct values at least 0.01 apart (no ties, and a finite-difference step cannot change a max).</summary>
    private static float[] Distinct(int length, int seed)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (i - length / 2) * 0.01f;
        new Random(seed).Shuffle(values);
        return values;
    }

    /// <summary>Per row and channel, in double: the mean, the max and the index (within the row) of its first occurrence.</summary>
    private static (double[] Mean, double[] Max, int[] ArgMax) Reference(float[] x, int rows, int positions, int channels)
    {
        var mean = new double[rows * channels];
        var max = new double[rows * channels];
        var argMax = new int[rows * channels];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < channels; c++)
            {
                double sum = 0, best = double.NegativeInfinity;
                int at = -1;
                for (int p = 0; p < positions; p++)
                {
                    float v = x[(r * positions + p) * channels + c];
                    sum += v;
                    if (at < 0 || v > best) (best, at) = (v, p * channels + c);
                }
                (mean[r * channels + c], max[r * channels + c], argMax[r * channels + c]) = (sum / positions, best, at);
            }
        return (mean, max, argMax);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_matches_direct_reduction(int rows, int positions, int channels)
    {
        float[] x = TestMath.Random(rows * positions * channels, 41);
        var (mean, max, argMax) = Reference(x, rows, positions, channels);
        var output = new float[rows * channels];
        var indices = new int[rows * channels];
        output.AsSpan().Fill(float.NaN);

        GlobalPoolingMath.AverageForward(x, output, rows, positions, channels);
        TestMath.AssertClose(mean, output, 1e-5, 1e-6, "mean");

        output.AsSpan().Fill(float.NaN);
        GlobalPoolingMath.MaxForward(x, output, indices, rows, positions, channels);
        TestMath.AssertClose(max, output, 0, 0, "max");
        Assert.Equal(argMax, indices);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Average_backward_is_the_adjoint_of_forward(int rows, int positions, int channels)
    {
        float[] x = TestMath.Random(rows * positions * channels, 42);
        float[] g = TestMath.Random(rows * channels, 43);
        var output = new float[g.Length];
        var dx = new float[x.Length];
        dx.AsSpan().Fill(float.NaN);

        GlobalPoolingMath.AverageForward(x, output, rows, positions, channels);
        GlobalPoolingMath.AverageBackward(g, dx, rows, positions, channels);

        // ⟨F x, g⟩ = ⟨x, Fᵀ g⟩
        Assert.Equal(TestMath.WeightedSum(output, g), TestMath.WeightedSum(dx, x), 1e-5);
        for (int i = 0; i < x.Length; i++)
            Assert.Equal(g[i / (positions * channels) * channels + i % channels] / positions, dx[i], 1e-6f);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Max_backward_matches_finite_differences(int rows, int positions, int channels)
    {
        float[] x = Distinct(rows * positions * channels, 44);
        float[] readout = TestMath.Random(rows * channels, 45);
        double Loss()
        {
            double[] max = Reference(x, rows, positions, channels).Max;
            double sum = 0;
            for (int i = 0; i < max.Length; i++) sum += max[i] * readout[i];
            return sum;
        }
        var output = new float[readout.Length];
        var argMax = new int[readout.Length];
        GlobalPoolingMath.MaxForward(x, output, argMax, rows, positions, channels);
        var dx = new float[x.Length];
        dx.AsSpan().Fill(float.NaN);

        GlobalPoolingMath.MaxBackward(readout, argMax, dx, rows, positions, channels);

        TestMath.AssertClose(TestMath.NumericGradient(x, Loss), dx, 1e-3, 1e-4, "input");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(33)]
    public void Ties_go_to_the_first_position(int channels)
    {
        const int positions = 5;
        var x = new float[positions * channels];
        x.AsSpan().Fill(0.5f);
        for (int c = 0; c < channels; c++) x[4 * channels + c] = -1f;
        var output = new float[channels];
        var argMax = new int[channels];

        GlobalPoolingMath.MaxForward(x, output, argMax, 1, positions, channels);

        for (int c = 0; c < channels; c++)
        {
            Assert.Equal(0.5f, output[c]);
            Assert.Equal(c, argMax[c]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(33)]
    public void NaN_propagates_and_negative_infinity_is_a_value(int channels)
    {
        const int positions = 4;
        float[] x = TestMath.Random(positions * channels, 46);
        // Channel 0: a NaN at position 2 after larger numbers; the last channel: NaN first; channel 1 (if any): all −∞.
        x[2 * channels] = float.NaN;
        x[channels - 1] = float.NaN;
        x[3 * channels + channels - 1] = float.NaN;
        if (channels > 2)
            for (int p = 0; p < positions; p++) x[p * channels + 1] = float.NegativeInfinity;
        var output = new float[channels];
        var argMax = new int[channels];

        GlobalPoolingMath.MaxForward(x, output, argMax, 1, positions, channels);

        Assert.True(float.IsNaN(output[0]));
        Assert.Equal(channels == 1 ? 0 : 2 * channels, argMax[0]);
        Assert.True(float.IsNaN(output[channels - 1]));
        Assert.Equal(channels - 1, argMax[channels - 1]);
        if (channels > 2)
        {
            Assert.Equal(float.NegativeInfinity, output[1]);
            Assert.Equal(1, argMax[1]);
        }
        // The other channels are untouched by their neighbours' NaN.
        var (_, max, expected) = Reference(x, 1, positions, channels);
        for (int c = 2; c < channels - 1; c++)
        {
            Assert.Equal(max[c], output[c]);
            Assert.Equal(expected[c], argMax[c]);
        }
    }
}
