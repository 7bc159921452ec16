using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary>
/// The generated backward pass of every model in Models/GraphGradientCheckModels.cs agrees with central finite
/// differences of the generated forward pass, parameter by parameter, at 1 and 3 rows; and the graph is what the
/// attributes say (names, shapes, tensors with their roles, Keras's counts).
/// </summary>
public class GraphGradientCheckTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in Factories.Keys)
            foreach (int rows in new[] { 1, 3 })
                data.Add(name, rows);
        return data;
    }

    internal static readonly Dictionary<string, Func<SequentialModel>> Factories = new()
    {
        ["vector residual (two readers)"] = () => new GraphVectorResidual(seed: 41),
        ["branch from the named input, unfused dropout"] = () => new GraphBranchFromInput(seed: 42),
        ["concatenate, global average pooling"] = () => new GraphConcatenate(seed: 43),
        ["batch normalization on a vector"] = () => new GraphBatchNormVector(seed: 44),
        ["residual block with batch normalization"] = () => new GraphResidualBlock(seed: 45),
        ["projection shortcut"] = () => new GraphProjectionShortcut(seed: 46),
        ["augmentation on the input"] = () => new GraphAugmentedInput(seed: 47),
        ["augmentation inside the network"] = () => new GraphAugmentationInside(seed: 48),
        ["a block repeated twice"] = () => new GraphRepeatedBlock(seed: 49),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void GraphBackwardMatchesFiniteDifferences(string name, int rows)
    {
        var model = Factories[name]();
        var (x, y) = GradientCheckTests.Batch(model.Info, rows, seed: name.Length * 31 + rows);
        bool maxPooling = model.Info.Layers.Any(layer => layer.Type is "MaxPooling2D" or "GlobalMaxPooling2D");
        FiniteDifferences.AssertGradientsMatch(model, x, y, maxPooling ? ConvGradientCheckTests.MaxPoolingStep : 4e-3f);
    }

    [Fact]
    public void A_gradient_check_does_not_move_the_moving_statistics()
    {
        var model = new GraphResidualBlock(seed: 5);
        var (x, y) = GradientCheckTests.Batch(model.Info, 3, seed: 9);
        model.ComputeGradients(x, y); // a fresh training pass moves them once
        float[] before = model.Parameters.ToArray();
        model.FreezeDropoutMasks = true;
        model.ComputeGradients(x, y);
        model.ComputeLoss(x, y, training: true);
        foreach (var tensor in model.Info.Tensors.Where(t => t.Role == TensorRole.State))
            Assert.Equal(before.AsSpan(tensor.Offset, tensor.Length).ToArray(), model.Parameters.Slice(tensor.Offset, tensor.Length).ToArray());
    }

    [Fact]
    public void The_graph_reports_names_shapes_roles_and_keras_counts()
    {
        var model = new GraphResidualBlock(seed: 1);
        Assert.Equal(
            ["zero_padding2d", "conv2d", "batch_normalization", "block_in", "conv2d_1", "batch_normalization_1", "add", "activation", "global_max_pooling2d", "dense"],
            model.Info.Layers.Select(l => l.Name));
        Assert.Equal([7, 9, 2], model.Info.Layers[0].OutputShape); // 6×6 padded 1 above, 0 below, 2 left, 1 right
        Assert.Equal([5, 7, 4], model.Info.Layers[1].OutputShape);
        Assert.Equal([4], model.Info.Layers[8].OutputShape);
        // batch_normalization: gamma, beta (weights), moving_mean, moving_variance (state); the second has no gamma.
        Assert.Equal(["batch_normalization/gamma", "batch_normalization/beta", "batch_normalization/moving_mean", "batch_normalization/moving_variance"],
            model.Info.Layers[2].Tensors.Select(t => t.Name));
        Assert.Equal([TensorRole.Weight, TensorRole.Weight, TensorRole.State, TensorRole.State], model.Info.Layers[2].Tensors.Select(t => t.Role));
        Assert.Equal(["batch_normalization_1/beta", "batch_normalization_1/moving_mean", "batch_normalization_1/moving_variance"],
            model.Info.Layers[5].Tensors.Select(t => t.Name));
        // conv2d 3·3·2·4 = 72; bn 16; conv2d_1 3·3·4·4 = 144; bn_1 12; dense 4·3 + 3 = 15: 259, 16 of them state.
        Assert.Equal(259, GraphResidualBlock.ParameterCount);
        string summary = model.Summary();
        Assert.Contains("Total params: 259", summary);
        Assert.Contains("Trainable params: 243", summary);
        Assert.Contains("Non-trainable params: 16", summary);
        // Moving statistics start as Keras's: mean 0, variance 1; gamma 1, beta 0.
        var moving = model.Info.Layers[2].Tensors;
        Assert.All(model.Parameters.Slice(moving[0].Offset, 4).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(model.Parameters.Slice(moving[1].Offset, 4).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(model.Parameters.Slice(moving[2].Offset, 4).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(model.Parameters.Slice(moving[3].Offset, 4).ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void A_block_instance_names_its_layers_after_the_repeat_and_reads_its_own_input()
    {
        var model = new GraphRepeatedBlock(seed: 1);
        Assert.Equal(
            ["stem", "unit1_squeeze", "unit1_conv2d", "unit1_joined", "unit1_conv2d_1", "unit1_add",
             "unit2_squeeze", "unit2_conv2d", "unit2_joined", "unit2_conv2d_1", "unit2_add", "global_average_pooling2d", "dense"],
            model.Info.Layers.Select(l => l.Name));
        // Filters = 2: squeeze 1·2 = 2 filters, the 3×3 one 2, joined 4 channels, the last 2·2 = 4, the shape of the input.
        Assert.Equal([4, 4, 2], model.Info.Layers[1].OutputShape);
        Assert.Equal([4, 4, 4], model.Info.Layers[3].OutputShape);
        Assert.Equal([4, 4, 4], model.Info.Layers[5].OutputShape);
        Assert.Equal(["unit2_squeeze/kernel", "unit2_squeeze/bias"], model.Info.Layers[6].Tensors.Select(t => t.Name));
    }
}
