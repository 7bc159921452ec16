using NeuralDsl.EndToEnd.Tests.Models;
using NeuralDsl.EndToEnd.Tests.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.Transfer;

/// <summary>
/// Frozen layers through real Fit calls, on each backend: their tensors come out bit for bit as they went in while the
/// trainable ones learn; SetTrainable freezes and unfreezes between fits; the optimizer moments of a layer that becomes
/// trainable start from zero.
/// </summary>
public abstract class TransferTrainingTests
{
    /// <summary>Moves the model to the backend under test.</summary>
    protected abstract void Use(SequentialModel model);

    internal static readonly Dictionary<string, Func<SequentialModel>> Models = new()
    {
        ["reused MLP base under a new head"] = () => new TransferHead(seed: 21),
        ["frozen layer between trainable ones"] = () => new MiddleFrozen(seed: 22),
        ["reused conv base under a Dense head with dropout"] = () => new ConvHead(seed: 23),
    };

    public static TheoryData<string> Names() => new(Models.Keys);

    private static FitOptions Options(Optimizer optimizer, int epochs = 3, int batchSize = 16) => new()
    {
        Epochs = epochs,
        BatchSize = batchSize,
        Optimizer = optimizer,
        Verbose = Verbosity.Silent,
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Frozen_tensors_are_bit_identical_after_fit_while_the_trainable_ones_learn(string name)
    {
        var model = Models[name]();
        Use(model);
        var (x, y) = GradientCheckTests.Batch(model.Info, 64, seed: 5);
        float[] before = model.Parameters.ToArray();

        model.Fit(x, y, Options(new Adam(0.01f)));

        var frozen = FrozenTensors(model);
        Assert.NotEmpty(frozen);
        foreach (var tensor in model.Info.Tensors)
        {
            var old = Bits(before, tensor);
            var now = Bits(model.Parameters.ToArray(), tensor);
            if (frozen.Contains(tensor.Name)) Assert.True(old.SequenceEqual(now), $"{tensor.Name} is frozen but changed");
            else Assert.False(old.SequenceEqual(now), $"{tensor.Name} trains but did not change");
        }
    }

    [Fact]
    public void ComputeGradients_gives_frozen_layers_zeros_and_the_others_what_the_cpu_gives()
    {
        var model = new MiddleTrainable(seed: 26);
        var reference = new MiddleTrainable(seed: 26);
        Use(model);
        var (x, y) = GradientCheckTests.Batch(model.Info, 12, seed: 8);
        model.ComputeGradients(x, y); // every layer trains: every gradient is written
        model.SetTrainable("dense_1", false);
        reference.SetTrainable("dense_1", false);

        model.ComputeGradients(x, y);
        reference.ComputeGradients(x, y);

        foreach (var tensor in model.Info.Tensors)
        {
            var mine = model.Gradients.Slice(tensor.Offset, tensor.Length).ToArray();
            var cpu = reference.Gradients.Slice(tensor.Offset, tensor.Length).ToArray();
            if (tensor.Name.StartsWith("dense_1/", StringComparison.Ordinal)) Assert.All(mine, g => Assert.Equal(0f, g));
            else
            {
                Assert.Contains(mine, g => g != 0);
                for (int i = 0; i < mine.Length; i++) Assert.Equal(cpu[i], mine[i], 1e-5f + 1e-4f * Math.Abs(cpu[i]));
            }
        }
    }

    [Fact]
    public void SetTrainable_freezes_and_unfreezes_between_fits()
    {
        var model = new TransferHead(seed: 24);
        Use(model);
        var (x, y) = GradientCheckTests.Batch(model.Info, 48, seed: 6);
        var optimizer = new Adam(0.01f);
        Assert.False(model.IsTrainable("features"));

        model.SetTrainable("features", true);
        model.SetTrainable("new_head", false);
        Assert.True(model.IsTrainable("features"));
        Assert.False(model.IsTrainable("new_head"));
        float[] before = model.Parameters.ToArray();
        model.Fit(x, y, Options(optimizer, epochs: 2));
        float[] after = model.Parameters.ToArray();
        var tensors = model.Info.Tensors.ToDictionary(t => t.Name);
        Assert.False(Bits(before, tensors["features/kernel"]).SequenceEqual(Bits(after, tensors["features/kernel"])));
        Assert.True(Bits(before, tensors["new_head/kernel"]).SequenceEqual(Bits(after, tensors["new_head/kernel"])));
        Assert.True(Bits(before, tensors["dense/kernel"]).SequenceEqual(Bits(after, tensors["dense/kernel"])));

        // Back: only the head trains again, with the same optimizer object.
        model.SetTrainable("features", false);
        model.SetTrainable("new_head", true);
        model.Fit(x, y, Options(optimizer, epochs: 2));
        float[] last = model.Parameters.ToArray();
        Assert.True(Bits(after, tensors["features/kernel"]).SequenceEqual(Bits(last, tensors["features/kernel"])));
        Assert.False(Bits(after, tensors["new_head/kernel"]).SequenceEqual(Bits(last, tensors["new_head/kernel"])));
    }

    [Fact]
    public void The_momentum_of_a_layer_that_becomes_trainable_starts_from_zero()
    {
        const float LearningRate = 0.1f, Momentum = 0.9f;
        var model = new MiddleTrainable(seed: 25);
        Use(model);
        var (x, y) = GradientCheckTests.Batch(model.Info, 32, seed: 7);
        var optimizer = new Sgd(LearningRate, Momentum);
        model.Fit(x, y, Options(optimizer, epochs: 3, batchSize: 32)); // every layer builds up velocity
        model.SetTrainable("dense_1", false);
        model.Fit(x, y, Options(optimizer, epochs: 1, batchSize: 32));
        model.SetTrainable("dense_1", true);

        // One step of the whole batch: a velocity started from zero moves dense_1 by exactly −lr·g.
        model.ComputeGradients(x, y);
        float[] gradients = model.Gradients.ToArray();
        float[] before = model.Parameters.ToArray();
        model.Fit(x, y, Options(optimizer, epochs: 1, batchSize: 32));
        float[] after = model.Parameters.ToArray();
        var kernel = model.Info.Tensors.Single(t => t.Name == "dense_1/kernel");
        for (int i = kernel.Offset; i < kernel.Offset + kernel.Length; i++)
        {
            float expected = -LearningRate * gradients[i];
            Assert.True(Math.Abs(after[i] - before[i] - expected) <= 1e-5f + 1e-3f * Math.Abs(expected),
                $"θ[{i}] moved by {after[i] - before[i]}, but a fresh velocity moves it by {expected}");
        }
    }

    /// <summary>The names of the tensors of the layers that do not train.</summary>
    internal static HashSet<string> FrozenTensors(SequentialModel model) =>
        model.Info.Layers.Where(layer => !model.IsTrainable(layer.Name)).SelectMany(layer => layer.Tensors).Select(t => t.Name).ToHashSet();

    internal static int[] Bits(float[] buffer, SafeTensor tensor) =>
        buffer.AsSpan(tensor.Offset, tensor.Length).ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
}

/// <summary>The frozen-layer training tests on the CPU.</summary>
public sealed class CpuTransferTrainingTests : TransferTrainingTests
{
    protected override void Use(SequentialModel model)
    {
    }
}

/// <summary>The frozen-layer training tests on OpenCL (PoCL in CI).</summary>
[Collection(OpenClModels.Name)]
public sealed class OpenClTransferTrainingTests : TransferTrainingTests
{
    protected override void Use(SequentialModel model) => model.UseDevice(OpenClModels.Device);
}
