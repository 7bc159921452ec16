namespace NeuralDsl.Runtime.Tests.Training;

/// <summary>Each optimizer against its Keras update rule written here in double, over three steps, on
/// 19 parameters (one 16-lane vector and a scalar tail of 3).</summary>
public sealed class OptimizerTests
{
    private const int Length = 19;

    private static float[] Initial() => Enumerable.Range(0, Length).Select(i => 0.1f * (i - 9)).ToArray();

    private static float[] GradientAt(int step) =>
        Enumerable.Range(0, Length).Select(i => (float)(Math.Sin(i + 3.0 * step) * (i % 4 == 0 ? 2.0 : 0.3))).ToArray();

    /// <summary>Runs three steps of <paramref name="optimizer"/> and of <paramref name="reference"/> (in double).</summary>
    private static void AssertSteps(Optimizer optimizer, Action<double[], float[], int> reference)
    {
        var parameters = Initial();
        var expected = parameters.Select(v => (double)v).ToArray();
        for (int step = 1; step <= 3; step++)
        {
            float[] g = GradientAt(step);
            optimizer.Update(parameters, g);
            reference(expected, g, step);
            for (int i = 0; i < Length; i++)
                Assert.True(Math.Abs(expected[i] - parameters[i]) <= 1e-6 + 1e-5 * Math.Abs(expected[i]),
                    $"step {step}, parameter {i}: expected {expected[i]:R}, got {parameters[i]:R}");
        }
        Assert.Equal(3, optimizer.Iterations);
    }

    [Fact]
    public void Sgd_steps_against_the_gradient()
    {
        const double lr = 0.05;
        AssertSteps(new Sgd(0.05f), (w, g, _) =>
        {
            for (int i = 0; i < w.Length; i++) w[i] -= lr * g[i];
        });
    }

    [Fact]
    public void Sgd_with_momentum_follows_the_velocity()
    {
        const double lr = 0.05, mu = 0.9;
        var v = new double[Length];
        AssertSteps(new Sgd(0.05f, momentum: 0.9f), (w, g, _) =>
        {
            for (int i = 0; i < w.Length; i++)
            {
                v[i] = mu * v[i] - lr * g[i];
                w[i] += v[i];
            }
        });
    }

    [Fact]
    public void Sgd_with_nesterov_looks_ahead()
    {
        const double lr = 0.05, mu = 0.8;
        var v = new double[Length];
        AssertSteps(new Sgd(0.05f, momentum: 0.8f, nesterov: true), (w, g, _) =>
        {
            for (int i = 0; i < w.Length; i++)
            {
                v[i] = mu * v[i] - lr * g[i];
                w[i] += mu * v[i] - lr * g[i];
            }
        });
    }

    [Fact]
    public void RmsProp_scales_by_the_running_mean_square()
    {
        const double lr = 0.01, rho = 0.9, eps = 1e-7;
        var s = new double[Length];
        AssertSteps(new RmsProp(0.01f), (w, g, _) =>
        {
            for (int i = 0; i < w.Length; i++)
            {
                s[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
                w[i] -= lr * g[i] / Math.Sqrt(s[i] + eps);
            }
        });
    }

    [Fact]
    public void Adam_uses_bias_corrected_moments()
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        var m = new double[Length];
        var v = new double[Length];
        AssertSteps(new Adam(0.01f), (w, g, t) =>
        {
            double alpha = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            for (int i = 0; i < w.Length; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                w[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + eps);
            }
        });
    }

    [Fact]
    public void Adam_first_step_moves_each_parameter_by_about_the_learning_rate()
    {
        var w = new float[Length];
        var g = GradientAt(1);

        new Adam(0.001f).Update(w, g);

        for (int i = 0; i < Length; i++) Assert.Equal(-0.001 * Math.Sign(g[i]), w[i], 5);
    }

    public static TheoryData<string> Names() => new() { "sgd", "momentum", "nesterov", "rmsprop", "adam" };

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.1f),
        "momentum" => new Sgd(0.1f, 0.9f),
        "nesterov" => new Sgd(0.1f, 0.9f, nesterov: true),
        "rmsprop" => new RmsProp(0.01f),
        _ => new Adam(0.01f),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Reset_makes_the_optimizer_behave_as_a_new_one(string name)
    {
        var used = Create(name);
        var scratch = Initial();
        used.Update(scratch, GradientAt(1));
        used.Update(scratch, GradientAt(2));

        used.Reset();
        Assert.Equal(0, used.Iterations);
        var afterReset = Initial();
        used.Update(afterReset, GradientAt(3));
        var fresh = Initial();
        Create(name).Update(fresh, GradientAt(3));

        Assert.Equal(fresh, afterReset);
        Assert.NotEqual(Initial(), afterReset);
    }

    [Fact]
    public void Arguments_are_validated_with_clear_messages()
    {
        Assert.Contains("learning rate must be a positive finite number", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0f)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(float.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(float.NaN));
        Assert.Contains("Momentum must be in [0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, momentum: 1f)).Message);
        Assert.Contains("rho must be in (0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(rho: 0f)).Message);
        Assert.Contains("epsilon must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(epsilon: 0f)).Message);
        Assert.Contains("beta1 must be in [0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1f)).Message);
        Assert.Contains("beta2 must be in [0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta2: -0.1f)).Message);
        Assert.Contains("epsilon must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(epsilon: -1f)).Message);
        var ex = Assert.Throws<ArgumentException>(() => new Adam().Update(new float[3], new float[4]));
        Assert.Contains("3 parameters but 4 gradients", ex.Message);
    }

    [Fact]
    public void ToString_names_the_settings()
    {
        Assert.Equal("Adam(lr=0.001)", new Adam().ToString());
        Assert.Equal("RMSprop(lr=0.001, rho=0.9)", new RmsProp().ToString());
        Assert.Equal("SGD(lr=0.01, momentum=0.9, nesterov)", new Sgd(momentum: 0.9f, nesterov: true).ToString());
        Assert.Equal("SGD(lr=0.01)", new Sgd().ToString());
    }
}
