using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class DropoutAndRegularizationTests
{
    [Fact]
    public void Dropout_with_a_fixed_mask_has_the_finite_difference_gradient()
    {
        const int n = 21;
        float[] x = TestMath.Random(n, 51), readout = TestMath.Random(n, 52);
        var mask = new float[n];
        for (int i = 0; i < n; i++) mask[i] = i % 3 == 0 ? 0f : 1f / (1f - 0.3f);
        var y = new float[n];
        double Loss()
        {
            DropoutMath.Apply(x, mask, y);
            return TestMath.WeightedSum(y, readout);
        }

        var gradient = new float[n];
        DropoutMath.Apply(readout, mask, gradient);

        TestMath.AssertClose(TestMath.NumericGradient(x, Loss), gradient, 1e-2, 1e-4, "dropout");
        DropoutMath.Apply(x, mask, y);
        for (int i = 0; i < n; i++) Assert.Equal(x[i] * mask[i], y[i]);
    }

    [Theory]
    [InlineData(37)]
    [InlineData(16 * 24 + 5)]
    public void BackwardThrough_is_bit_for_bit_the_mask_then_the_activation_derivative(int n)
    {
        // The fused pass of a dropout fused into the dense layer before it must give the numbers of the two passes it
        // replaces, so that training results do not change.
        float[] output = TestMath.Random(n, 61), gradient = TestMath.Random(n, 62);
        var mask = new float[n];
        for (int i = 0; i < n; i++) mask[i] = i % 3 == 0 ? 0f : 1f / (1f - 0.3f);
        AssertSame<Relu>();
        AssertSame<LeakyRelu>();
        AssertSame<Elu>();
        AssertSame<Sigmoid>();
        AssertSame<Tanh>();
        AssertSame<Softplus>();
        AssertSame<Linear>();

        void AssertSame<TActivation>() where TActivation : struct, IActivation
        {
            var twoPasses = new float[n];
            DropoutMath.Apply(gradient, mask, twoPasses);
            ActivationMath.Backward<TActivation>(output, twoPasses);
            var fused = (float[])gradient.Clone();
            DropoutMath.BackwardThrough<TActivation>(output, mask, fused);
            Assert.Equal(twoPasses, fused);
        }
    }

    [Fact]
    public void SampleMask_drops_about_the_rate_and_scales_the_rest()
    {
        var mask = new float[20_000];

        DropoutMath.SampleMask(mask, 0.25f, new RandomSource(5));

        float keep = 1f / 0.75f;
        Assert.All(mask, m => Assert.True(m == 0f || m == keep, $"unexpected mask value {m}"));
        double dropped = mask.Count(m => m == 0f) / (double)mask.Length;
        Assert.InRange(dropped, 0.24, 0.26);
    }

    [Fact]
    public void Penalty_matches_hand_computed_values()
    {
        float[] w = [0.5f, -2f, 0f, 1.5f];

        Assert.Equal(0.01 * 4.0, RegularizationMath.Penalty(w, 0.01f, 0f), 6);            // L1: Σ|w| = 4
        Assert.Equal(0.1 * 6.5, RegularizationMath.Penalty(w, 0f, 0.1f), 6);             // L2: Σw² = 6.5
        Assert.Equal(0.01 * 4.0 + 0.1 * 6.5, RegularizationMath.Penalty(w, 0.01f, 0.1f), 6);
    }

    [Theory]
    [InlineData(0.01f, 0f)]
    [InlineData(0f, 0.02f)]
    [InlineData(0.01f, 0.02f)]
    public void AddGradient_matches_finite_differences_of_the_penalty(float l1, float l2)
    {
        float[] w = TestMath.AwayFromZero(19, 53, 0.05f, 2f);
        var gradient = new float[w.Length];
        gradient.AsSpan().Fill(0.5f); // added to, not overwritten

        RegularizationMath.AddGradient(w, gradient, l1, l2);

        double[] numeric = TestMath.NumericGradient(w, () => RegularizationMath.Penalty(w, l1, l2));
        for (int i = 0; i < numeric.Length; i++) numeric[i] += 0.5;
        TestMath.AssertClose(numeric, gradient, 1e-2, 1e-4, "regularization");
    }
}
