namespace NeuralDsl.Runtime.Tests.Model;

/// <summary>
/// Tensor roles as <see cref="LayerTrainability"/> and the summary read them, on layouts built by hand. The main one is
/// Keras's <c>Sequential([Input((784,)), Dense(64), BatchNormalization(), Dense(10)])</c>, whose summary Keras ends with
/// Total params 51,146 (50,240 + 256 + 650), Trainable params 51,018, Non-trainable params 128 (the 2 × 64 moving
/// statistics).
/// </summary>
public sealed class TensorRoleTests
{
    // Buffer offsets of the Keras model above, tensor by tensor.
    private const int DenseKernel = 0, DenseBias = 50176, Gamma = 50240, Beta = 50304, MovingMean = 50368, MovingVariance = 50432,
        Dense1Kernel = 50496, Dense1Bias = 51136, Total = 51146;

    private static ModelInfo KerasModel() => new(
        Name: "sequential", InputShape: [784], InputSize: 784, OutputSize: 10, ParameterCount: Total,
        Loss: Loss.CategoricalCrossentropy, Metrics: Metric.Accuracy,
        Layers:
        [
            new LayerInfo("dense", "Dense", [64], 50240, [
                new SafeTensor("dense/kernel", [784, 64], DenseKernel, 784 * 64),
                new SafeTensor("dense/bias", [64], DenseBias, 64),
            ]),
            new LayerInfo("batch_normalization", "BatchNormalization", [64], 256, [
                new SafeTensor("batch_normalization/gamma", [64], Gamma, 64),
                new SafeTensor("batch_normalization/beta", [64], Beta, 64),
                new SafeTensor("batch_normalization/moving_mean", [64], MovingMean, 64, TensorRole.State),
                new SafeTensor("batch_normalization/moving_variance", [64], MovingVariance, 64, TensorRole.State),
            ]),
            new LayerInfo("dropout", "Dropout", [64], 0, []),
            new LayerInfo("dense_1", "Dense", [10], 650, [
                new SafeTensor("dense_1/kernel", [64, 10], Dense1Kernel, 640),
                new SafeTensor("dense_1/bias", [10], Dense1Bias, 10),
            ]),
        ]);

    [Fact]
    public void A_tensor_is_a_weight_unless_it_says_state()
    {
        Assert.Equal(TensorRole.Weight, new SafeTensor("dense/kernel", [2, 3], 0, 6).Role);
        Assert.Equal(TensorRole.State, new SafeTensor("bn/moving_mean", [3], 6, 3, TensorRole.State).Role);
    }

    [Fact]
    public void The_optimizer_ranges_cover_the_weights_and_skip_the_moving_statistics()
    {
        var trainability = new LayerTrainability(KerasModel());

        // dense's kernel and bias run on into gamma and beta; the moving statistics split the weights there.
        Assert.Equal([new ParameterRange(0, MovingMean), new ParameterRange(Dense1Kernel, 650)], trainability.Ranges);
        Assert.Equal(51018, trainability.TrainableParameterCount);
        Assert.Equal([(new ParameterRange(MovingMean, 128), 1)], trainability.StateRanges);
        Assert.Equal([new ParameterRange(0, Total)], trainability.TrainableLayerRanges);
        Assert.Equal(0, trainability.FirstTrainableLayer);
    }

    [Fact]
    public void Freezing_a_layer_drops_its_weights_and_keeps_its_state_out_as_before()
    {
        var trainability = new LayerTrainability(KerasModel());

        trainability.Set(1, trainable: false);
        Assert.Equal([new ParameterRange(0, Gamma), new ParameterRange(Dense1Kernel, 650)], trainability.Ranges);
        Assert.Equal(50240 + 650, trainability.TrainableParameterCount);
        Assert.Equal([new ParameterRange(0, Gamma), new ParameterRange(Dense1Kernel, 650)], trainability.TrainableLayerRanges);
        Assert.Equal(0, trainability.FirstTrainableLayer);

        trainability.Set(1, trainable: true);
        trainability.Set(0, trainable: false);
        Assert.Equal([new ParameterRange(Gamma, 128), new ParameterRange(Dense1Kernel, 650)], trainability.Ranges);
        Assert.Equal(128 + 650, trainability.TrainableParameterCount);
        Assert.Equal(1, trainability.FirstTrainableLayer);

        trainability.Set(1, trainable: false);
        Assert.Equal([new ParameterRange(Dense1Kernel, 650)], trainability.Ranges);
        Assert.Equal(3, trainability.FirstTrainableLayer);
        // State ranges do not depend on the flags: data-parallel training reduces the same slots at every step.
        Assert.Equal([(new ParameterRange(MovingMean, 128), 1)], trainability.StateRanges);
    }

    [Fact]
    public void Interleaved_roles_give_exact_ranges()
    {
        // gamma, moving_mean, beta, moving_variance: every other tensor is state.
        var info = new ModelInfo("interleaved", [3], 3, 3, 12, Loss.MeanSquaredError, Metric.None,
        [
            new LayerInfo("norm", "BatchNormalization", [3], 12, [
                new SafeTensor("norm/gamma", [3], 0, 3),
                new SafeTensor("norm/moving_mean", [3], 3, 3, TensorRole.State),
                new SafeTensor("norm/beta", [3], 6, 3),
                new SafeTensor("norm/moving_variance", [3], 9, 3, TensorRole.State),
            ]),
        ]);
        var trainability = new LayerTrainability(info);

        Assert.Equal([new ParameterRange(0, 3), new ParameterRange(6, 3)], trainability.Ranges);
        Assert.Equal(6, trainability.TrainableParameterCount);
        Assert.Equal([(new ParameterRange(3, 3), 0), (new ParameterRange(9, 3), 0)], trainability.StateRanges);
        Assert.Equal([new ParameterRange(0, 12)], trainability.TrainableLayerRanges);
    }

    [Fact]
    public void A_layer_holding_only_state_never_takes_the_backward_pass_further_down()
    {
        var info = new ModelInfo("state_first", [2], 2, 2, 10, Loss.MeanSquaredError, Metric.None,
        [
            new LayerInfo("statistics", "Statistics", [2], 4, [
                new SafeTensor("statistics/moving_mean", [2], 0, 2, TensorRole.State),
                new SafeTensor("statistics/moving_variance", [2], 2, 2, TensorRole.State),
            ]),
            new LayerInfo("dense", "Dense", [2], 6, [
                new SafeTensor("dense/kernel", [2, 2], 4, 4),
                new SafeTensor("dense/bias", [2], 8, 2),
            ]),
        ]);
        var trainability = new LayerTrainability(info);

        Assert.Equal(1, trainability.FirstTrainableLayer);
        Assert.Equal([new ParameterRange(4, 6)], trainability.Ranges);
        Assert.Equal(6, trainability.TrainableParameterCount);
        // The two state tensors of one layer are one range.
        Assert.Equal([(new ParameterRange(0, 4), 0)], trainability.StateRanges);

        trainability.Set(1, trainable: false);
        Assert.Equal(int.MaxValue, trainability.FirstTrainableLayer);
        Assert.Empty(trainability.Ranges);
        Assert.Equal(0, trainability.TrainableParameterCount);
        Assert.Equal([new ParameterRange(0, 4)], trainability.TrainableLayerRanges);
    }

    [Fact]
    public void The_summary_counts_as_Keras_does()
    {
        string summary = ModelSummary.Format(KerasModel());

        Assert.Contains("Total params: 51,146\n", Lines(summary), StringComparison.Ordinal);
        Assert.Contains("Trainable params: 51,018\n", Lines(summary), StringComparison.Ordinal);
        Assert.Contains("Non-trainable params: 128\n", Lines(summary), StringComparison.Ordinal);
        // The layer's own count includes its state, as Keras's does.
        var rows = Lines(summary).Split('\n');
        Assert.Equal(["(None, 64)", "256"], Cells(rows.Single(line => line.StartsWith(" batch_normalization ", StringComparison.Ordinal)))[1..]);
        // No layer is frozen: no Trainable column (state alone does not make one).
        Assert.EndsWith("Param #", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public void A_frozen_BatchNormalization_counts_all_its_tensors_as_non_trainable()
    {
        var info = KerasModel();
        var trainability = new LayerTrainability(info);
        trainability.Set(1, trainable: false);

        string summary = ModelSummary.Format(info, trainability);

        Assert.Contains("Total params: 51,146\n", Lines(summary), StringComparison.Ordinal);
        Assert.Contains("Trainable params: 50,890\n", Lines(summary), StringComparison.Ordinal);
        Assert.Contains("Non-trainable params: 256\n", Lines(summary), StringComparison.Ordinal);
        // Keras's show_trainable column: the layer's own flag, and - for a layer without tensors.
        var rows = Lines(summary).Split('\n');
        Assert.EndsWith("N", rows.Single(line => line.StartsWith(" batch_normalization ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.EndsWith("Y", rows.Single(line => line.StartsWith(" dense ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.EndsWith("-", rows.Single(line => line.StartsWith(" dropout ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_frozen_Dense_before_a_trainable_BatchNormalization_leaves_gamma_and_beta_trainable()
    {
        var info = KerasModel();
        var trainability = new LayerTrainability(info);
        trainability.Set(0, trainable: false);

        string summary = ModelSummary.Format(info, trainability);

        Assert.Contains("Trainable params: 778\n", Lines(summary), StringComparison.Ordinal); // 128 + 650
        Assert.Contains("Non-trainable params: 50,368\n", Lines(summary), StringComparison.Ordinal); // 50,240 + 128
    }

    /// <summary>A table row's cells: what the column padding (two spaces or more) separates.</summary>
    private static string[] Cells(string row) => System.Text.RegularExpressions.Regex.Split(row.Trim(), " {2,}");

    /// <summary>The summary with "\n" line ends, whatever the platform's.</summary>
    private static string Lines(string summary) => summary.ReplaceLineEndings("\n") + "\n";
}
