using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class ActivationTests
{
    // 37 values: two 16-lane vectors and a scalar tail of 5.
    private const int Length = 37;

    private static readonly float[] Extremes = [-1000f, -100f, -88.8f, -30f, -20.5f, -10f, -1f, -1e-3f, 0f, 1e-3f, 1f, 10f, 20.5f, 30f, 88.8f, 100f, 1000f];

    public static TheoryData<string> Names() => new() { "Linear", "Relu", "LeakyRelu", "Elu", "Sigmoid", "Tanh", "Softplus" };

    private static double Reference(string name, double z) => name switch
    {
        "Linear" => z,
        "Relu" => Math.Max(z, 0),
        "LeakyRelu" => z > 0 ? z : 0.2 * z,
        "Elu" => z > 0 ? z : Math.Exp(z) - 1,
        "Sigmoid" => 1 / (1 + Math.Exp(-z)),
        "Tanh" => Math.Tanh(z),
        "Softplus" => Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))),
        _ => throw new ArgumentException(name),
    };

    private static void Forward(string name, ReadOnlySpan<float> z, Span<float> a)
    {
        switch (name)
        {
            case "Linear": ActivationMath.Forward<Linear>(z, a); break;
            case "Relu": ActivationMath.Forward<Relu>(z, a); break;
            case "LeakyRelu": ActivationMath.Forward<LeakyRelu>(z, a); break;
            case "Elu": ActivationMath.Forward<Elu>(z, a); break;
            case "Sigmoid": ActivationMath.Forward<Sigmoid>(z, a); break;
            case "Tanh": ActivationMath.Forward<Tanh>(z, a); break;
            case "Softplus": ActivationMath.Forward<Softplus>(z, a); break;
            default: throw new ArgumentException(name);
        }
    }

    private static void Backward(string name, ReadOnlySpan<float> a, Span<float> g)
    {
        switch (name)
        {
            case "Linear": ActivationMath.Backward<Linear>(a, g); break;
            case "Relu": ActivationMath.Backward<Relu>(a, g); break;
            case "LeakyRelu": ActivationMath.Backward<LeakyRelu>(a, g); break;
            case "Elu": ActivationMath.Backward<Elu>(a, g); break;
            case "Sigmoid": ActivationMath.Backward<Sigmoid>(a, g); break;
            case "Tanh": ActivationMath.Backward<Tanh>(a, g); break;
            case "Softplus": ActivationMath.Backward<Softplus>(a, g); break;
            default: throw new ArgumentException(name);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_matches_the_math_reference_on_vector_and_tail_lanes(string name)
    {
        float[] z = TestMath.Random(Length, 11, -6f, 6f);
        var a = new float[Length];

        Forward(name, z, a);

        var expected = z.Select(v => Reference(name, v)).ToArray();
        TestMath.AssertClose(expected, a, 1e-5, 1e-6, name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_is_finite_and_saturates_for_large_inputs(string name)
    {
        // Repeat the extremes so they land on vector lanes and on the scalar tail.
        float[] z = [.. Extremes, .. Extremes, .. Extremes];
        var a = new float[z.Length];

        Forward(name, z, a);

        Assert.All(a, v => Assert.True(float.IsFinite(v), $"{name} gave {v}"));
        var expected = z.Select(v => Reference(name, v)).ToArray();
        TestMath.AssertClose(expected, a, 1e-5, 1e-6, name);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_keeps_NaN_on_vector_and_tail_lanes(string name)
    {
        var z = new float[Length];
        z.AsSpan().Fill(float.NaN);
        var a = new float[Length];

        Forward(name, z, a);

        Assert.All(a, v => Assert.True(float.IsNaN(v), $"{name}(NaN) gave {v}"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_works_in_place(string name)
    {
        float[] z = TestMath.Random(Length, 12, -3f, 3f);
        var separate = new float[Length];
        Forward(name, z, separate);

        Forward(name, z, z);

        Assert.Equal(separate, z);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Backward_matches_finite_differences(string name)
    {
        // Away from the kinks at 0 (ReLU, leaky ReLU, ELU) and from saturation.
        float[] z = TestMath.AwayFromZero(Length, 13, 0.05f, 3f);
        float[] weights = TestMath.Random(Length, 14);
        var a = new float[Length];
        double Loss()
        {
            Forward(name, z, a);
            return TestMath.WeightedSum(a, weights);
        }

        double[] numeric = TestMath.NumericGradient(z, Loss);
        Forward(name, z, a);
        var gradient = (float[])weights.Clone();
        Backward(name, a, gradient);

        TestMath.AssertClose(numeric, gradient, 1e-2, 1e-4, name);
    }

    [Fact]
    public void Relu_derivative_is_zero_at_zero_and_leaky_relu_keeps_its_slope()
    {
        float[] a = [0f, 0f, 2f];
        float[] g = [3f, 3f, 3f];
        ActivationMath.Backward<Relu>(a, g);
        Assert.Equal(new[] { 0f, 0f, 3f }, g);

        float[] leaky = [-0.4f, 1f];
        float[] lg = [1f, 1f];
        ActivationMath.Backward<LeakyRelu>(leaky, lg);
        Assert.Equal(new[] { 0.2f, 1f }, lg);
    }
}
