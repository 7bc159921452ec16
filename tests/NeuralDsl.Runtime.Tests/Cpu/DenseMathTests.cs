using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class DenseMathTests
{
    [Theory]
    [InlineData(1, 1, 1, true)]
    [InlineData(3, 17, 10, true)]
    [InlineData(17, 33, 33, true)]
    [InlineData(130, 20, 70, false)]
    [InlineData(128, 784, 128, true)]
    public void Forward_fuses_bias_and_activation_exactly_as_the_reference(int rows, int inputs, int units, bool withBias)
    {
        float[] x = TestMath.Random(rows * inputs, 21, zeros: 0.5), w = TestMath.Random(inputs * units, 22, -0.3f, 0.3f);
        float[] bias = withBias ? TestMath.Random(units, 23) : [];
        double[] z = TestMath.NaiveNn(x, w, rows, inputs, units);
        if (withBias)
            for (int i = 0; i < z.Length; i++) z[i] += bias[i % units];
        var output = new float[rows * units];

        DenseMath.Forward<Relu>(x, w, bias, output, rows, inputs, units);

        double[] expected = z.Select(v => Math.Max(v, 0)).ToArray();
        TestMath.AssertProduct(expected, output, x, w, inputs + 1, "relu");

        DenseMath.Forward<Sigmoid>(x, w, bias, output, rows, inputs, units);
        TestMath.AssertClose(z.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), output, 1e-4, 1e-5, "sigmoid");
    }

    [Theory]
    [InlineData(1, 1, 1, true)]
    [InlineData(5, 7, 3, true)]
    [InlineData(9, 17, 33, true)]
    [InlineData(6, 20, 10, false)]
    public void Backward_matches_finite_differences_of_a_tanh_layer(int rows, int inputs, int units, bool withBias)
    {
        float[] x = TestMath.Random(rows * inputs, 31), w = TestMath.Random(inputs * units, 32, -0.5f, 0.5f);
        float[] bias = withBias ? TestMath.Random(units, 33) : [];
        float[] readout = TestMath.Random(rows * units, 34);
        var a = new float[rows * units];
        double Loss()
        {
            DenseMath.Forward<Tanh>(x, w, bias, a, rows, inputs, units);
            return TestMath.WeightedSum(a, readout);
        }

        DenseMath.Forward<Tanh>(x, w, bias, a, rows, inputs, units);
        var dz = (float[])readout.Clone();
        ActivationMath.Backward<Tanh>(a, dz);
        var dw = new float[inputs * units];
        var db = withBias ? new float[units] : [];
        var dx = new float[rows * inputs];
        dw.AsSpan().Fill(float.NaN); // overwritten, not accumulated
        DenseMath.Backward(x, dz, w, dw, db, dx, rows, inputs, units);

        // A step of 1e-2: the loss sums float outputs whose rounding (larger where the product rounds twice, without FMA)
        // divided by 1e-3 was as large as the tolerance, while tanh's curvature costs only ~1e-5 at 1e-2.
        const float step = 1e-2f;
        TestMath.AssertClose(TestMath.NumericGradient(w, Loss, step), dw, 1e-2, 1e-4, "kernel");
        TestMath.AssertClose(TestMath.NumericGradient(x, Loss, step), dx, 1e-2, 1e-4, "input");
        if (withBias) TestMath.AssertClose(TestMath.NumericGradient(bias, Loss, step), db, 1e-2, 1e-4, "bias");
    }

    [Fact]
    public void Backward_without_input_gradient_leaves_it_alone_and_still_fills_the_rest()
    {
        const int rows = 4, inputs = 3, units = 2;
        float[] x = TestMath.Random(rows * inputs, 41), w = TestMath.Random(inputs * units, 42), dz = TestMath.Random(rows * units, 43);
        var dw = new float[inputs * units];
        var db = new float[units];

        DenseMath.Backward(x, dz, w, dw, db, default, rows, inputs, units);

        TestMath.AssertClose(TestMath.NaiveTn(x, dz, rows, inputs, units), dw, 1e-5, 1e-6, "kernel");
        for (int j = 0; j < units; j++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++) sum += dz[r * units + j];
            Assert.Equal(sum, db[j], 5);
        }
    }

    [Fact]
    public void ColumnSums_adds_each_column()
    {
        float[] g = [1, 2, 3, 4, 5, 6];
        var sums = new float[] { 9, 9, 9 };

        DenseMath.ColumnSums(g, sums, 2, 3);

        Assert.Equal(new[] { 5f, 7f, 9f }, sums);
    }

    [Fact]
    public void Forward_rejects_a_short_bias()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            DenseMath.Forward<Linear>(new float[6], new float[6], new float[1], new float[4], 2, 3, 2));
        Assert.Contains("2 units", ex.Message);
    }
}
