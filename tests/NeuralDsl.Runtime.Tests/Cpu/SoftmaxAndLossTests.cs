using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class SoftmaxAndLossTests
{
    [Fact]
    public void Softmax_forward_matches_the_reference_and_is_stable_for_large_logits()
    {
        float[] z = [1f, 2f, 3f, 1000f, 1001f, 999f, -50f, 0f, 50f];
        var p = new float[z.Length];

        SoftmaxMath.Forward(z, p, 3, 3);

        double e = Math.Exp(1), e2 = Math.Exp(2), e3 = Math.Exp(3), s = e + e2 + e3;
        TestMath.AssertClose(new[] { e / s, e2 / s, e3 / s }, p.AsSpan(0, 3), 1e-6, 1e-7, "row 0");
        double t = 1 + Math.Exp(1) + Math.Exp(-1);
        TestMath.AssertClose(new[] { 1 / t, Math.Exp(1) / t, Math.Exp(-1) / t }, p.AsSpan(3, 3), 1e-6, 1e-7, "row 1");
        Assert.All(p, v => Assert.True(float.IsFinite(v)));
        for (int r = 0; r < 3; r++) Assert.Equal(1.0, p.AsSpan(r * 3, 3).ToArray().Sum(v => (double)v), 5);
    }

    [Fact]
    public void Softmax_backward_matches_finite_differences()
    {
        const int rows = 3, columns = 19;
        float[] z = TestMath.Random(rows * columns, 61, -3f, 3f), readout = TestMath.Random(rows * columns, 62);
        var p = new float[z.Length];
        double Loss()
        {
            SoftmaxMath.Forward(z, p, rows, columns);
            return TestMath.WeightedSum(p, readout);
        }

        SoftmaxMath.Forward(z, p, rows, columns);
        var gradient = (float[])readout.Clone();
        SoftmaxMath.Backward(p, gradient, rows, columns);

        TestMath.AssertClose(TestMath.NumericGradient(z, Loss), gradient, 1e-2, 1e-4, "softmax");
    }

    [Fact]
    public void Loss_values_follow_keras()
    {
        // Two rows of two columns.
        float[] output = [0.8f, 0.1f, 0.3f, 0.6f];
        float[] target = [1f, 0f, 0f, 1f];

        // MSE: mean over columns, summed over rows: ((0.04 + 0.01) / 2) + ((0.09 + 0.16) / 2) = 0.15
        Assert.Equal(0.15, LossMath.Sum(Loss.MeanSquaredError, output, target, 2, 2), 6);
        // MAE: (0.2 + 0.1) / 2 + (0.3 + 0.4) / 2 = 0.5
        Assert.Equal(0.5, LossMath.Sum(Loss.MeanAbsoluteError, output, target, 2, 2), 6);
        // BCE: mean over columns of −log(p) or −log(1 − p)
        double bce = (-Math.Log(0.8) - Math.Log(0.9)) / 2 + (-Math.Log(0.7) - Math.Log(0.6)) / 2;
        Assert.Equal(bce, LossMath.Sum(Loss.BinaryCrossentropy, output, target, 2, 2), 5);
        // CCE: sum over columns of −y log p
        double cce = -Math.Log(0.8) - Math.Log(0.6);
        Assert.Equal(cce, LossMath.Sum(Loss.CategoricalCrossentropy, output, target, 2, 2), 5);
        Assert.Equal(cce, LossMath.Sum(Loss.SparseCategoricalCrossentropy, output, target, 2, 2), 5);
    }

    [Fact]
    public void Probabilities_are_clipped_to_epsilon()
    {
        float[] output = [0f, 1f];
        float[] target = [1f, 0f];

        // Clipped in float as Keras does in float32: [1e-7, 1 − 1e-7 = 0.99999988].
        double low = 1e-7f, high = 1f - 1e-7f;
        // BCE averages −log(low) (first column) and −log(1 − high) (second column); CCE counts only the first.
        Assert.Equal((-Math.Log(low) - Math.Log(1 - high)) / 2, LossMath.Sum(Loss.BinaryCrossentropy, output, target, 1, 2), 6);
        Assert.Equal(-Math.Log(low), LossMath.Sum(Loss.CategoricalCrossentropy, output, target, 1, 2), 6);
        Assert.True(double.IsFinite(LossMath.Sum(Loss.BinaryCrossentropy, [0f], [1f], 1, 1)));
    }

    public static TheoryData<Loss> Losses() => new() { Loss.MeanSquaredError, Loss.MeanAbsoluteError, Loss.BinaryCrossentropy, Loss.CategoricalCrossentropy };

    [Theory]
    [MemberData(nameof(Losses))]
    public void Gradient_matches_finite_differences_of_the_batch_mean(Loss loss)
    {
        const int rows = 3, columns = 5;
        // Probabilities in (0.05, 0.95); MAE targets at least 0.03 away from them (no kink).
        float[] output = TestMath.Random(rows * columns, 71, 0.05f, 0.95f);
        float[] target = loss == Loss.CategoricalCrossentropy ? OneHot(rows, columns) : TestMath.Random(rows * columns, 72, 0f, 1f);
        if (loss == Loss.MeanAbsoluteError)
            for (int i = 0; i < target.Length; i++)
                if (Math.Abs(target[i] - output[i]) < 0.03f) target[i] = output[i] + 0.1f;
        var gradient = new float[rows * columns];

        LossMath.Gradient(loss, output, target, gradient, rows, columns);

        double[] numeric = TestMath.NumericGradient(output, () => LossMath.Sum(loss, output, target, rows, columns) / rows);
        TestMath.AssertClose(numeric, gradient, 1e-2, 1e-4, loss.ToString());
    }

    [Fact]
    public void Softmax_cross_entropy_gradient_is_the_derivative_of_the_composed_loss()
    {
        const int rows = 4, columns = 7;
        float[] z = TestMath.Random(rows * columns, 81, -2f, 2f), target = OneHot(rows, columns);
        var p = new float[z.Length];
        double Loss()
        {
            SoftmaxMath.Forward(z, p, rows, columns);
            return LossMath.Sum(NeuralDsl.Loss.CategoricalCrossentropy, p, target, rows, columns) / rows;
        }

        SoftmaxMath.Forward(z, p, rows, columns);
        var gradient = new float[z.Length];
        LossMath.SoftmaxCrossEntropyGradient(p, target, gradient, rows, columns);

        TestMath.AssertClose(TestMath.NumericGradient(z, Loss), gradient, 1e-2, 1e-4, "softmax+cce");
    }

    [Fact]
    public void Sigmoid_cross_entropy_gradient_is_the_derivative_of_the_composed_loss()
    {
        const int rows = 5, columns = 3;
        float[] z = TestMath.Random(rows * columns, 91, -3f, 3f), target = TestMath.Random(rows * columns, 92, 0f, 1f);
        var p = new float[z.Length];
        double Loss()
        {
            ActivationMath.Forward<Sigmoid>(z, p);
            return LossMath.Sum(NeuralDsl.Loss.BinaryCrossentropy, p, target, rows, columns) / rows;
        }

        ActivationMath.Forward<Sigmoid>(z, p);
        var gradient = new float[z.Length];
        LossMath.SigmoidCrossEntropyGradient(p, target, gradient, rows, columns);

        TestMath.AssertClose(TestMath.NumericGradient(z, Loss), gradient, 1e-2, 1e-4, "sigmoid+bce");
    }

    private static float[] OneHot(int rows, int columns)
    {
        var y = new float[rows * columns];
        for (int r = 0; r < rows; r++) y[r * columns + (r * 3 + 1) % columns] = 1f;
        return y;
    }
}
