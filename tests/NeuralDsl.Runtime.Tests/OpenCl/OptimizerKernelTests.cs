using NeuralDsl.OpenCl;
using NeuralDsl.OpenCl.Kernels;

namespace NeuralDsl.Runtime.Tests.OpenCl;

/// <summary>The device optimizer updates against the CPU optimizers: same random parameters and gradients,
/// three steps, lengths that are not a multiple of 16 (so the CPU's scalar tail runs too).</summary>
[Collection(OpenClCollection.Name)]
public sealed class OptimizerKernelTests(OpenClFixture fixture)
{
    // Every test here needs an OpenCL platform: skipped (not passed) without one.
    private readonly Device _device = fixture.Device;

    public static TheoryData<string> Optimizers => ["sgd", "sgd-momentum", "sgd-nesterov", "rmsprop", "adam", "adam-custom"];

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.05f),
        "sgd-momentum" => new Sgd(0.05f, momentum: 0.9f),
        "sgd-nesterov" => new Sgd(0.05f, momentum: 0.8f, nesterov: true),
        "rmsprop" => new RmsProp(0.01f),
        "adam" => new Adam(),
        "adam-custom" => new Adam(0.02f, beta1: 0.8f, beta2: 0.95f, epsilon: 1e-5f),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Fact]
    public void The_optimizer_program_builds_without_warnings()
    {
        var program = OpenClOptimizer.Program(fixture.Context);
        Assert.Equal(OptimizerKernels.Source, program.Source);
        Assert.Equal("", program.BuildLog);
        Assert.False(program.HasWarnings);
        using var strict = fixture.Context.BuildProgram(OptimizerKernels.Source, "-cl-std=CL1.2 -Werror");
        Assert.Equal("", strict.BuildLog);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Matches_the_cpu_optimizer_over_three_steps(string name)
    {
        foreach (int length in (int[])[1, 19, 1000, 4099])
        {
            var random = new Random(length * 31 + name.Length);
            float[] cpuParameters = [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1))];
            var cpu = Create(name);
            var device = Create(name);
            using var parameters = fixture.Context.CreateBuffer<float>(cpuParameters);
            using var gradients = fixture.Context.CreateBuffer<float>(length);
            using var updater = new OpenClOptimizer(fixture.Context, device, length);
            for (int step = 1; step <= 3; step++)
            {
                float[] g = [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * (step == 2 ? 3 : 0.5)))];
                cpu.Update(cpuParameters, g);
                gradients.Write(g);
                updater.Update(parameters, gradients);
                float[] actual = parameters.ToArray();
                for (int i = 0; i < length; i++)
                {
                    double expected = cpuParameters[i], difference = Math.Abs(expected - actual[i]);
                    Assert.True(difference <= 1e-6 * Math.Max(Math.Abs(expected), 1e-2),
                        $"{name}, length {length}, step {step}, parameter {i}: CPU {expected:R}, OpenCL {actual[i]:R}");
                }
            }
            Assert.Equal(3, updater.Iterations);
            Assert.Equal(3, cpu.Iterations);
            Assert.Equal(0, device.Iterations);
        }
    }

    [Fact]
    public void Reset_zeroes_the_moments_and_a_changed_learning_rate_applies()
    {
        const int length = 21;
        var adam = new Adam(0.01f);
        using var updater = new OpenClOptimizer(fixture.Context, adam, length);
        using var parameters = fixture.Context.CreateBuffer<float>(new float[length]);
        using var gradients = fixture.Context.CreateBuffer<float>([.. Enumerable.Repeat(1f, length)]);
        updater.Update(parameters, gradients);
        Assert.All(updater.FirstMoment!.ToArray(), m => Assert.True(m > 0));
        updater.Reset();
        Assert.Equal(0, updater.Iterations);
        Assert.All(updater.FirstMoment!.ToArray(), m => Assert.Equal(0f, m));
        Assert.All(updater.SecondMoment!.ToArray(), v => Assert.Equal(0f, v));

        var sgd = new Sgd(0.1f);
        using var plain = new OpenClOptimizer(fixture.Context, sgd, length);
        Assert.Null(plain.FirstMoment);
        parameters.Fill(0f);
        plain.Update(parameters, gradients);
        sgd.LearningRate = 0.5f;
        plain.Update(parameters, gradients);
        Assert.All(parameters.ToArray(), w => Assert.Equal(-0.6f, w, 6));
    }

    [Fact]
    public void Length_mismatches_name_all_sizes()
    {
        using var updater = new OpenClOptimizer(fixture.Context, new RmsProp(), 10);
        using var ten = fixture.Context.CreateBuffer<float>(10);
        using var eleven = fixture.Context.CreateBuffer<float>(11);
        var e = Assert.Throws<ArgumentException>(() => updater.Update(ten, eleven));
        Assert.Contains("10 parameters", e.Message);
        Assert.Contains("11 gradients", e.Message);
    }
}
