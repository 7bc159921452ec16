using NeuralDsl.EndToEnd.Tests.Models;
using NeuralDsl.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.OpenCl;

/// <summary>
/// Every gradient-check model (each layer, activation, loss, regularizer and window geometry) runs on the
/// OpenCL backend (PoCL in CI) and agrees with the CPU backend: forward outputs and backward gradients within
/// 1e-4 relative to the tensor's largest value. Dropout draws its masks differently per backend, so models with
/// dropout are checked against finite differences on the device instead, with the device's masks frozen.
/// Besides the device's own product tuning, 19 rows also run under a local-memory tiling (the GPU variant) and a direct
/// one, both with blocks and tiles that divide nothing, so every product kernel meets its edges in every dimension.
/// </summary>
[Collection(OpenClModels.Name)]
public sealed class OpenClBackendTests
{
    private const double Tolerance = 1e-4;

    /// <summary>"device" is the device's own <see cref="ProductTuning"/>; the others are <see cref="ProductTuning.Parse"/> forms.</summary>
    private static readonly string[] OtherTunings = ["local=1,tile=8x12x5,block=2x3", "local=0,tile=6x40,block=3x5"];

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string name in AllFactories.Keys)
        {
            data.Add(name, 1, "device");
            data.Add(name, 19, "device");
            foreach (string tuning in OtherTunings) data.Add(name, 19, tuning);
        }
        return data;
    }

    private static SequentialModel OnDevice(string name, string tuning)
    {
        var model = AllFactories[name]();
        model.UseDeviceTuned(OpenClModels.Device, tuning == "device" ? null : ProductTuning.Parse(tuning));
        return model;
    }

    private static readonly Dictionary<string, Func<SequentialModel>> AllFactories =
        GradientCheckTests.Factories.Concat(ConvGradientCheckTests.Factories).Concat(GraphGradientCheckTests.Factories).ToDictionary();

    /// <summary>Layers that draw at random in training: the backends draw different masks, so their gradients are compared
    /// with finite differences on the device instead.</summary>
    private static bool HasDropout(SequentialModel model) => model.Info.Layers.Any(layer => layer.Type is "Dropout" or "RandomFlip" or "RandomTranslation");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_matches_the_cpu(string name, int rows, string tuning)
    {
        var cpu = AllFactories[name]();
        var device = OnDevice(name, tuning);
        var (x, _) = GradientCheckTests.Batch(cpu.Info, rows, seed: rows * 7 + name.Length);
        AssertClose("output", cpu.Predict(x), device.Predict(x));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_matches_the_cpu(string name, int rows, string tuning)
    {
        var cpu = AllFactories[name]();
        var device = OnDevice(name, tuning);
        var (x, y) = GradientCheckTests.Batch(cpu.Info, rows, seed: rows * 13 + name.Length);
        if (HasDropout(cpu))
        {
            bool maxPooling = cpu.Info.Layers.Any(layer => layer.Type is "MaxPooling2D" or "GlobalMaxPooling2D");
            FiniteDifferences.AssertGradientsMatch(device, x, y, maxPooling ? ConvGradientCheckTests.MaxPoolingStep : 4e-3f);
            return;
        }
        float cpuLoss = cpu.ComputeGradients(x, y);
        float deviceLoss = device.ComputeGradients(x, y);
        Assert.Equal(cpuLoss, deviceLoss, Tolerance * Math.Max(1, Math.Abs(cpuLoss)));
        // A tensor whose true gradient is 0 (a bias before BatchNormalization, everything before BatchNormalization of one
        // row) holds round-off on both backends: compare it at the scale of the model's gradients, not at its own.
        double modelScale = 1e-3 * cpu.Gradients.ToArray().Max(v => Math.Abs(v));
        foreach (var tensor in cpu.Info.Tensors)
            AssertClose(tensor.Name, cpu.Gradients.Slice(tensor.Offset, tensor.Length).ToArray(), device.Gradients.Slice(tensor.Offset, tensor.Length).ToArray(),
                minimumScale: modelScale);
    }

    [Fact]
    public void Every_model_program_builds_without_warnings()
    {
        var tutorials = new Dictionary<string, Func<SequentialModel>>
        {
            ["parity"] = () => new ParityBits(seed: 1),
            ["fashion mlp"] = () => new FashionMlp(seed: 1),
            ["image identity"] = () => new ImageIdentity(seed: 1),
            ["subset cnn"] = () => new SubsetCnn(seed: 1),
            ["lenet"] = () => new LeNetCounts(seed: 1),
            ["keras mnist convnet"] = () => new KerasMnistConvnet(seed: 1),
        };
        foreach (var (name, factory) in AllFactories.Concat(tutorials))
        {
            var model = factory();
            model.UseDevice(OpenClModels.Device);
            var program = Assert.IsType<NeuralDsl.OpenCl.OpenClBackend>(model.Backend).Program;
            Assert.False(program.HasWarnings, $"{name}: {program.BuildLog}");
        }
    }

    /// <summary>|device − cpu| ≤ tolerance (default 1e-4) · max |cpu| over the tensor (at least <paramref name="minimumScale"/>),
    /// element by element.</summary>
    internal static void AssertClose(string what, float[] expected, float[] actual, double tolerance = Tolerance, double minimumScale = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(expected.Max(v => Math.Abs(v)), Math.Max(minimumScale, 1e-6));
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]) / scale;
            Assert.True(error <= tolerance, $"{what}[{i}]: OpenCL {actual[i]:G9}, CPU {expected[i]:G9} (relative error {error:G3} > {tolerance})");
        }
    }
}
