using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class RandomAndInitializerTests
{
    [Fact]
    public void Same_seed_gives_the_same_sequence_and_different_seeds_differ()
    {
        var a = new RandomSource(42);
        var b = new RandomSource(42);
        var c = new RandomSource(43);
        var sa = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        var sb = Enumerable.Range(0, 100).Select(_ => b.NextUInt64()).ToArray();
        var sc = Enumerable.Range(0, 100).Select(_ => c.NextUInt64()).ToArray();

        Assert.Equal(sa, sb);
        Assert.NotEqual(sa, sc);
        Assert.True(sa.Zip(sc).Count(pair => pair.First == pair.Second) < 2);
    }

    [Fact]
    public void NextFloat_is_in_the_unit_interval_with_mean_one_half()
    {
        var random = new RandomSource(1);
        double sum = 0;
        for (int i = 0; i < 100_000; i++)
        {
            float f = random.NextFloat();
            Assert.InRange(f, 0f, 0.99999994f);
            sum += f;
        }
        Assert.InRange(sum / 100_000, 0.495, 0.505);
    }

    [Fact]
    public void NextInt_stays_in_range_and_hits_every_value_about_equally()
    {
        var random = new RandomSource(2);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[random.NextInt(7)]++;

        Assert.All(counts, count => Assert.InRange(count, 9_500, 10_500));
        Assert.Equal(0, random.NextInt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
    }

    [Fact]
    public void NextGaussian_has_mean_zero_and_unit_deviation()
    {
        var random = new RandomSource(3);
        double sum = 0, squares = 0;
        const int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            double g = random.NextGaussian();
            Assert.True(double.IsFinite(g));
            sum += g;
            squares += g * g;
        }
        double mean = sum / n, sd = Math.Sqrt(squares / n - mean * mean);
        Assert.InRange(mean, -0.015, 0.015);
        Assert.InRange(sd, 0.985, 1.015);
    }

    [Fact]
    public void Shuffle_is_a_permutation_that_moves_values()
    {
        var values = Enumerable.Range(0, 1000).ToArray();

        new RandomSource(4).Shuffle(values);

        Assert.Equal(Enumerable.Range(0, 1000), values.Order());
        Assert.True(values.Where((v, i) => v != i).Count() > 900);
    }

    private static (double Mean, double Sd, double MaxAbs) Stats(Initializer initializer, int fanIn, int fanOut, int count = 100_000)
    {
        var values = new float[count];
        InitializerMath.Fill(initializer, values, fanIn, fanOut, new RandomSource(9));
        double mean = values.Average(v => (double)v);
        double sd = Math.Sqrt(values.Average(v => ((double)v - mean) * ((double)v - mean)));
        return (mean, sd, values.Max(v => Math.Abs((double)v)));
    }

    [Theory]
    [InlineData(Initializer.GlorotUniform, 784, 128)]
    [InlineData(Initializer.HeUniform, 128, 10)]
    [InlineData(Initializer.RandomUniform, 30, 40)]
    public void Uniform_initializers_stay_within_their_limit(Initializer initializer, int fanIn, int fanOut)
    {
        double limit = initializer switch
        {
            Initializer.GlorotUniform => Math.Sqrt(6.0 / (fanIn + fanOut)),
            Initializer.HeUniform => Math.Sqrt(6.0 / fanIn),
            _ => 0.05,
        };

        var (mean, sd, maxAbs) = Stats(initializer, fanIn, fanOut);

        Assert.True(maxAbs <= limit * 1.000001, $"max {maxAbs} > {limit}");
        Assert.True(maxAbs > limit * 0.99, "the range is not used up to its limit");
        Assert.InRange(mean, -0.01 * limit, 0.01 * limit);
        Assert.InRange(sd, limit / Math.Sqrt(3) * 0.98, limit / Math.Sqrt(3) * 1.02); // uniform: σ = limit / √3
    }

    [Theory]
    [InlineData(Initializer.GlorotNormal, 784, 128)]
    [InlineData(Initializer.HeNormal, 128, 10)]
    public void Truncated_normal_initializers_have_their_deviation_and_stop_at_two_sigma(Initializer initializer, int fanIn, int fanOut)
    {
        double sd = initializer == Initializer.HeNormal ? Math.Sqrt(2.0 / fanIn) : Math.Sqrt(2.0 / (fanIn + fanOut));

        var (mean, actualSd, maxAbs) = Stats(initializer, fanIn, fanOut);

        // Keras scales σ so that the deviation after truncation is the one asked for.
        Assert.InRange(actualSd, sd * 0.98, sd * 1.02);
        Assert.InRange(mean, -0.01 * sd, 0.01 * sd);
        double cut = 2 * sd / 0.87962566103423978; // ±2 of the pre-truncation σ
        Assert.True(maxAbs <= cut * 1.000001, $"max {maxAbs} beyond the truncation at {cut}");
        Assert.True(maxAbs > cut * 0.98);
    }

    [Fact]
    public void Random_normal_has_sigma_005_and_constants_are_constant()
    {
        var (mean, sd, _) = Stats(Initializer.RandomNormal, 10, 10);
        Assert.InRange(sd, 0.049, 0.051);
        Assert.InRange(mean, -0.0005, 0.0005);

        var values = new float[33];
        InitializerMath.Fill(Initializer.Ones, values, 1, 1, new RandomSource(1));
        Assert.All(values, v => Assert.Equal(1f, v));
        InitializerMath.Fill(Initializer.Zeros, values, 1, 1, new RandomSource(1));
        Assert.All(values, v => Assert.Equal(0f, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => InitializerMath.Fill((Initializer)99, values, 1, 1, new RandomSource(1)));
    }

    [Fact]
    public void Initializers_are_reproducible_for_a_seed()
    {
        var a = new float[50];
        var b = new float[50];
        InitializerMath.Fill(Initializer.GlorotUniform, a, 5, 10, new RandomSource(77));
        InitializerMath.Fill(Initializer.GlorotUniform, b, 5, 10, new RandomSource(77));
        Assert.Equal(a, b);
    }
}
