using NeuralDsl.EndToEnd.Tests.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.Reliability;

/// <summary>A linear regression on 784 inputs, the model of the reported divergence.</summary>
[Model(Loss = Loss.MeanSquaredError)]
[Input(784)]
[Dense(10)]
public partial class WideRegression;

/// <summary>
/// Every update is checked: Fit never returns or restores non-finite weights, History never records a non-finite loss
/// without an error, and the error names the epoch and batch, on both backends.
/// </summary>
[Collection(OpenClModels.Name)]
public sealed class DivergenceTests
{
    private static WideRegression Model(string backend)
    {
        var model = new WideRegression(seed: 3);
        if (backend == "opencl") model.UseDevice(OpenClModels.Device);
        return model;
    }

    private static bool AllFinite(ReadOnlySpan<float> values) => values.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue) < 0;

    /// <summary>The reported case: one batch per epoch and SGD(1e6). Each epoch's only update is its last, so a check
    /// of the loss before each update alone let the weights blow up and Fit return normally.</summary>
    [Theory]
    [InlineData("cpu", 6)]
    [InlineData("cpu", 12)]
    [InlineData("opencl", 6)]
    public void A_blow_up_in_the_last_update_of_an_epoch_is_caught_and_undone(string backend, int epochs)
    {
        var model = Model(backend);
        var (x, y) = GradientCheckTests.Batch(model.Info, 2000, seed: 7);
        var epochStarts = new List<float[]>();
        var options = new FitOptions
        {
            Epochs = epochs,
            BatchSize = 2000,
            Optimizer = new Sgd(1e6f),
            Verbose = Verbosity.Silent,
            Callbacks = [new EpochStartRecorder(epochStarts)],
        };
        var error = Assert.Throws<TrainingDivergedException>(() => model.Fit(x, y, options));

        Assert.Matches(@"epoch \d+/" + epochs, error.Message);
        Assert.Contains("batch 1/1", error.Message);
        Assert.True(AllFinite(model.Parameters), "the restored parameters must be finite");
        Assert.Equal(epochStarts[^1], model.Parameters.ToArray());
        Assert.All(error.History.Loss, loss => Assert.True(float.IsFinite(loss), $"History recorded {loss}"));
        Assert.Equal(epochStarts.Count - 1, error.History.Epochs);
    }

    [Fact]
    public void A_loss_beyond_float_range_is_divergence_not_an_infinite_history_entry()
    {
        // Targets near float's limit: the double loss (~1e70) is finite, but History would store it as infinity.
        var model = Model("cpu");
        var (x, y) = GradientCheckTests.Batch(model.Info, 16, seed: 2);
        for (int i = 0; i < y.Length; i++) y[i] = 1e35f;
        var error = Assert.Throws<TrainingDivergedException>(() =>
            model.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 16, Optimizer = new Sgd(1e-30f), Verbose = Verbosity.Silent }));
        Assert.Contains("batch 1/1 in epoch 1/2", error.Message);
        Assert.Contains("∞", error.Message.Replace("Infinity", "∞", StringComparison.Ordinal));
    }

    [Fact]
    public void A_NaN_target_is_named_as_bad_data_not_divergence()
    {
        var model = Model("cpu");
        var (x, y) = GradientCheckTests.Batch(model.Info, 8, seed: 4);
        y[3 * 10 + 2] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => model.Fit(x, y, new FitOptions { Verbose = Verbosity.Silent }));
        Assert.Contains("row 3, column 2", error.Message);
        Assert.Equal("y", error.ParamName);
    }

    [Fact]
    public void A_NaN_validation_target_is_named_too()
    {
        var model = Model("cpu");
        var (x, y) = GradientCheckTests.Batch(model.Info, 8, seed: 4);
        var (vx, vy) = GradientCheckTests.Batch(model.Info, 4, seed: 5);
        vy[1 * 10] = float.PositiveInfinity;
        var error = Assert.Throws<ArgumentException>(() =>
            model.Fit(x, y, new FitOptions { Verbose = Verbosity.Silent, ValidationData = new ValidationData(vx, vy) }));
        Assert.Contains("ValidationData.Y", error.Message);
        Assert.Contains("row 1, column 0", error.Message);
    }

    [Fact]
    public void Training_from_non_finite_weights_is_refused_before_any_step()
    {
        var model = Model("cpu");
        model.Parameters[10 * 784 + 4] = float.NaN; // dense/bias[4]: the kernel (784×10) comes first
        var (x, y) = GradientCheckTests.Batch(model.Info, 8, seed: 4);
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, new FitOptions { Verbose = Verbosity.Silent }));
        Assert.Contains("dense/bias[4]", error.Message);
    }

    private sealed class EpochStartRecorder(List<float[]> starts) : Callback
    {
        public override void OnEpochBegin(TrainingContext training, int epoch) => starts.Add(training.Model.Parameters.ToArray());
    }
}
