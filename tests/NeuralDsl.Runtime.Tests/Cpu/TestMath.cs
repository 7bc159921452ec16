namespace NeuralDsl.Runtime.Tests.Cpu;

/// <summary>Shared references for the kernel tests: naive products in double, finite differences,
/// random inputs and tolerant comparisons.</summary>
internal static class TestMath
{
    /// <summary>Odd sizes around the register tile (8 rows × 32 columns) and the 16-lane vector.</summary>
    public static readonly int[] Sizes = [1, 3, 8, 17, 33, 130];

    public static double[] NaiveNn(float[] a, float[] b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += (double)a[i * k + p] * b[p * n + j];
                c[i * n + j] = sum;
            }
        return c;
    }

    /// <summary>c[k×n] = aᵀ·b with a [m×k], b [m×n].</summary>
    public static double[] NaiveTn(float[] a, float[] b, int m, int k, int n)
    {
        var c = new double[k * n];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int r = 0; r < m; r++) sum += (double)a[r * k + p] * b[r * n + j];
                c[p * n + j] = sum;
            }
        return c;
    }

    /// <summary>c[m×k] = a·bᵀ with a [m×n], b [k×n].</summary>
    public static double[] NaiveNt(float[] a, float[] b, int m, int k, int n)
    {
        var c = new double[m * k];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++) sum += (double)a[i * n + j] * b[p * n + j];
                c[i * k + p] = sum;
            }
        return c;
    }

    /// <summary>Uniform in [lo, hi) with a share of exact zeros (as inputs after a ReLU).</summary>
    public static float[] Random(int length, int seed, float lo = -1f, float hi = 1f, double zeros = 0)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = random.NextDouble() < zeros ? 0f : (float)(lo + (hi - lo) * random.NextDouble());
        return values;
    }

    /// <summary>Values uniform in ±[lo, hi] (never within lo of 0), to stay away from kinks at 0.</summary>
    public static float[] AwayFromZero(int length, int seed, float lo = 0.1f, float hi = 2f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (float)((lo + (hi - lo) * random.NextDouble()) * (random.Next(2) == 0 ? -1 : 1));
        return values;
    }

    /// <summary>Central differences of <paramref name="loss"/> with respect to every value of
    /// <paramref name="point"/> (perturbed in place and restored).</summary>
    public static double[] NumericGradient(float[] point, Func<double> loss, float step = 1e-3f)
    {
        var gradient = new double[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            float saved = point[i];
            point[i] = saved + step;
            double plus = loss();
            point[i] = saved - step;
            double minus = loss();
            point[i] = saved;
            // The step actually taken in float arithmetic.
            double taken = (double)(saved + step) - (saved - step);
            gradient[i] = (plus - minus) / taken;
        }
        return gradient;
    }

    /// <summary>Σ c·v in double (a random linear read-out makes any vector function a scalar loss).</summary>
    public static double WeightedSum(ReadOnlySpan<float> values, float[] weights)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++) sum += (double)values[i] * weights[i];
        return sum;
    }

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double relative, double absolute, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            double tolerance = absolute + relative * Math.Max(Math.Abs(e), Math.Abs(a));
            if (!(Math.Abs(e - a) <= tolerance))
                Assert.Fail($"{what}[{i}]: expected {e:R} but got {a:R} (|diff| {Math.Abs(e - a):E3} > {tolerance:E3}).");
        }
    }

    /// <summary>Tolerance for a float product of depth k against the double reference.</summary>
    public static void AssertProduct(double[] expected, ReadOnlySpan<float> actual, float[] a, float[] b, int depth, string what)
    {
        // Each float FMA rounds by at most half an ulp of the running sum; bound by the magnitudes.
        double scale = Math.Max(1, MaxAbs(a) * MaxAbs(b) * depth);
        AssertClose(expected, actual, 1e-5, 1e-6 * scale, what);
    }

    public static double MaxAbs(ReadOnlySpan<float> values)
    {
        double max = 0;
        foreach (float v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }
}
