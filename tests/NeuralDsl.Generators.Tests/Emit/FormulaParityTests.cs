using NeuralDsl.Cpu;
using NeuralDsl.Generators.Tests.Infrastructure;
using NeuralDsl.OpenCl;

namespace NeuralDsl.Generators.Tests.Emit;

/// <summary>
/// Each activation and loss is written once per backend: a CPU type (<see cref="IActivation"/>, <see cref="ILoss"/>) and an
/// OpenCL formula the generator puts in a model's program. These tests take the helpers from real generated programs,
/// run them on the OpenCL device (PoCL in CI) at sample points, and compare with the CPU types.
/// </summary>
public sealed class FormulaParityTests
{
    private const double Tolerance = 2e-6;

    /// <summary>Pre-activations from −20 to 20, dense around 0 where the formulas bend.</summary>
    private static readonly float[] s_z = [.. Enumerable.Range(-60, 121).Select(i => i / 10f), -20f, -12.5f, -1e-3f, 1e-3f, 12.5f, 20f];

    [Theory]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Elu)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Softplus)]
    public void Activation_and_its_derivative_match_the_cpu(Activation activation)
    {
        var (forward, derivative) = activation switch
        {
            Activation.Relu => Cpu<Relu>(),
            Activation.LeakyRelu => Cpu<LeakyRelu>(),
            Activation.Elu => Cpu<Elu>(),
            Activation.Sigmoid => Cpu<Sigmoid>(),
            Activation.Tanh => Cpu<Tanh>(),
            _ => Cpu<Softplus>(),
        };
        string name = Snake(activation.ToString());
        string program = ModelProgram($"[Model] [Input(2)] [Dense(2, Activation.{activation})] public partial class Formula;");
        float[] a = [.. s_z.Select(forward)];

        float[] deviceA = Run(program, $"out[i] = activate_{name}(x[i]);", s_z, s_z);
        float[] deviceDerivative = Run(program, $"out[i] = derive_{name}(x[i]);", a, a);

        AssertClose($"{name}(z)", a, deviceA, s_z);
        AssertClose($"{name}'(a)", [.. a.Select(derivative)], deviceDerivative, a);
    }

    [Theory]
    [InlineData(Loss.MeanSquaredError, Activation.Linear)]
    [InlineData(Loss.MeanAbsoluteError, Activation.Linear)]
    [InlineData(Loss.BinaryCrossentropy, Activation.Tanh)]
    [InlineData(Loss.CategoricalCrossentropy, Activation.Sigmoid)]
    public void Loss_derivative_matches_the_cpu(Loss loss, Activation output)
    {
        Func<float, float, float> derivative = loss switch
        {
            Loss.MeanSquaredError => MeanSquaredError.Derivative,
            Loss.MeanAbsoluteError => MeanAbsoluteError.Derivative,
            Loss.BinaryCrossentropy => BinaryCrossentropy.Derivative,
            _ => CategoricalCrossentropy.Derivative,
        };
        // Probabilities across [0, 1] with both clipped ends, against targets 0, 1 and in between.
        float[] p = [0f, 1e-8f, 1e-7f, 2e-7f, 0.01f, 0.25f, 0.5f, 0.75f, 0.99f, 0.9999999f, 1f, -0.5f, 1.5f];
        float[] y = [0f, 1f, 0.3f];
        float[] ps = [.. p.SelectMany(_ => y, (pi, _) => pi)], ys = [.. p.SelectMany(_ => y, (_, yi) => yi)];
        // An output the loss is not fused with, so the program carries the loss's own derivative.
        string program = ModelProgram($"[Model(Loss = Loss.{loss})] [Input(2)] [Dense(2, Activation.{output})] public partial class Formula;");

        float[] device = Run(program, $"out[i] = derive_{Snake(loss.ToString())}(x[i], y[i]);", ps, ys);

        AssertClose($"d{loss}/dp", [.. ps.Select((pi, i) => derivative(pi, ys[i]))], device, ps);
    }

    [Theory]
    [InlineData(Loss.MeanSquaredError)]
    [InlineData(Loss.MeanAbsoluteError)]
    [InlineData(Loss.BinaryCrossentropy)]
    [InlineData(Loss.CategoricalCrossentropy)]
    [InlineData(Loss.SparseCategoricalCrossentropy)]
    public void Loss_value_matches_the_cpu(Loss loss)
    {
        Func<float, float, double> value = loss switch
        {
            Loss.MeanSquaredError => MeanSquaredError.Value,
            Loss.MeanAbsoluteError => MeanAbsoluteError.Value,
            Loss.BinaryCrossentropy => BinaryCrossentropy.Value,
            _ => CategoricalCrossentropy.Value,
        };
        // NaN too: OpenCL's clamp once turned it into eps, so a row of NaN outputs had a finite loss on the device only.
        float[] p = [0f, 1e-8f, 1e-7f, 2e-7f, 0.01f, 0.25f, 0.5f, 0.75f, 0.99f, 0.9999999f, 1f, -0.5f, 1.5f, float.NaN];
        float[] y = [0f, 1f, 0.3f];
        float[] ps = [.. p.SelectMany(_ => y, (pi, _) => pi)], ys = [.. p.SelectMany(_ => y, (_, yi) => yi)];
        (int outputs, string output) = loss is Loss.BinaryCrossentropy ? (1, "Sigmoid") : (3, "Softmax");
        string program = ModelProgram($"[Model(Loss = Loss.{loss})] [Input(2)] [Dense({outputs}, Activation.{output})] public partial class Formula;");
        string name = Snake((loss == Loss.SparseCategoricalCrossentropy ? Loss.CategoricalCrossentropy : loss).ToString());

        float[] device = Run(program, $"out[i] = loss_{name}(x[i], y[i]);", ps, ys);

        AssertClose($"{loss}(p, y)", [.. ps.Select((pi, i) => (float)value(pi, ys[i]))], device, ps);
    }

    /// <summary>The CPU formulas one float at a time (the tails' width).</summary>
    private static (Func<float, float> Forward, Func<float, float> Derivative) Cpu<TActivation>() where TActivation : struct, IActivation =>
        (z => TActivation.Apply(new SimdScalar(z)).Value, a => TActivation.Derivative(new SimdScalar(a)).Value);

    /// <summary>The OpenCL program the generator writes for <paramref name="model"/>.</summary>
    private static string ModelProgram(string model)
    {
        var run = GeneratorHarness.Run("using NeuralDsl;\n" + model);
        Assert.Empty(run.GeneratorDiagnostics);
        return GeneratedCode.OpenClSource(Assert.Single(run.GeneratedSources).Value);
    }

    /// <summary>Builds <paramref name="program"/> with one more kernel whose body is <paramref name="statement"/> over
    /// inputs x and y, runs it once per element, and returns out.</summary>
    private static float[] Run(string program, string statement, float[] x, float[] y)
    {
        var context = OpenClDevice().OpenClContext;
        using var built = context.BuildProgram(program + $$"""

            __kernel void formula_under_test(__global const float* x, __global const float* y, __global float* out, const int n)
            {
                const int i = get_global_id(0);
                if (i >= n) return;
                {{statement}}
            }
            """, OpenClContext.DefaultBuildOptions + " " + context.ProductTuning.BuildOptions);
        using var kernel = built.CreateKernel("formula_under_test");
        using var xs = context.CreateBuffer<float>(x);
        using var ys = context.CreateBuffer<float>(y);
        using var output = context.CreateBuffer<float>(x.Length);
        kernel.SetArgument(0, xs).SetArgument(1, ys).SetArgument(2, output).SetArgument(3, x.Length);
        context.Launch1D(kernel, x.Length);
        return output.ToArray();
    }

    /// <summary>The OpenCL device; skips the test where no OpenCL platform is installed.</summary>
    private static Device OpenClDevice()
    {
        try
        {
            return Device.OpenCl();
        }
        catch (OpenClNotAvailableException e)
        {
            Assert.Skip("No OpenCL platform here (.ci/run installs PoCL): " + e.Message);
            throw;
        }
    }

    private static void AssertClose(string what, float[] cpu, float[] device, float[] at)
    {
        for (int i = 0; i < cpu.Length; i++)
        {
            if (float.IsNaN(cpu[i]) || float.IsNaN(device[i]))
            {
                Assert.True(float.IsNaN(cpu[i]) && float.IsNaN(device[i]), $"{what} at {at[i]:G9}: OpenCL {device[i]:G9}, CPU {cpu[i]:G9}");
                continue;
            }
            double error = Math.Abs(device[i] - cpu[i]) / Math.Max(1, Math.Abs(cpu[i]));
            Assert.True(error <= Tolerance, $"{what} at {at[i]:G9}: OpenCL {device[i]:G9}, CPU {cpu[i]:G9}");
        }
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
