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

    /// <summary>The report: a callback's NaN written after epoch 1 was restored as "the start of epoch 2" and carried on;
    /// written after the last epoch, Fit returned it.</summary>
    [Theory]
    [InlineData("cpu", "after epoch 1")]
    [InlineData("opencl", "after epoch 1")]
    [InlineData("cpu", "after the last epoch")]
    [InlineData("opencl", "after the last epoch")]
    [InlineData("cpu", "before training")]
    [InlineData("opencl", "mid-epoch")]
    [InlineData("cpu", "mid-epoch")]
    public void A_non_finite_weight_a_callback_writes_is_refused_and_the_last_finite_weights_put_back(string backend, string when)
    {
        var model = Model(backend);
        var (x, y) = GradientCheckTests.Batch(model.Info, 64, seed: 3);
        var writer = new NonFiniteWriter(model, when);
        var options = new FitOptions { Epochs = 3, BatchSize = 32, Optimizer = new Sgd(1e-4f), Verbose = Verbosity.Silent, Callbacks = [writer] };

        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, options));

        Assert.Contains("dense/kernel[5]", error.Message);
        Assert.Contains("a callback wrote a non-finite weight", error.Message);
        Assert.Contains(writer.Expected, error.Message);
        Assert.True(AllFinite(model.Parameters), "the restored parameters must be finite");
        Assert.Equal(writer.LastFinite, model.Parameters.ToArray());
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void Fit_with_every_layer_frozen_is_refused_before_and_during_training(string backend)
    {
        // The compile-time equivalent is NDSL024; at run time the steps silently changed nothing.
        var model = Model(backend);
        var (x, y) = GradientCheckTests.Batch(model.Info, 64, seed: 3);
        float[] before = model.Parameters.ToArray();
        model.SetTrainable("dense", false);
        var error = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, new FitOptions { Verbose = Verbosity.Silent }));
        Assert.Contains("Fit has nothing to train: every layer of wide_regression with weights is frozen (dense)", error.Message);
        Assert.Equal(before, model.Parameters.ToArray());

        model.SetTrainable("dense", true);
        var options = new FitOptions
        {
            Epochs = 3,
            Verbose = Verbosity.Silent,
            OnEpochEnd = _ =>
            {
                model.SetTrainable("dense", false);
                return true;
            },
        };
        error = Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, options));
        Assert.Contains("Fit has nothing to train before epoch 2/3", error.Message);
    }

    /// <summary>Writes NaN (or infinity) into dense/kernel[5] at one point of a 3-epoch, 2-step Fit, and records the weights
    /// Fit must put back: the last ones it checked.</summary>
    private sealed class NonFiniteWriter(WideRegression model, string when) : Callback
    {
        public float[] LastFinite { get; private set; } = [];

        public string Expected => when switch
        {
            "after epoch 1" => "after the callbacks between epochs 1 and 2",
            "after the last epoch" => "after the callbacks after epoch 3 (OnEpochEnd, OnTrainEnd)",
            "before training" => "after OnTrainBegin or OnEpochBegin of epoch 1",
            _ => "after OnBatchEnd of batch 1/2 in epoch 2/3",
        };

        public override void OnTrainBegin(TrainingContext training)
        {
            LastFinite = model.Parameters.ToArray();
            if (when == "before training") model.Parameters[5] = float.NaN;
        }

        public override void OnEpochBegin(TrainingContext training, int epoch)
        {
            if (when == "mid-epoch" && epoch == 1) LastFinite = model.Parameters.ToArray();
        }

        public override void OnBatchEnd(TrainingContext training, BatchLog batch)
        {
            if (when == "mid-epoch" && batch.Epoch == 1 && batch.Batch == 0) model.Parameters[5] = float.NegativeInfinity;
        }

        public override void OnEpochEnd(TrainingContext training, EpochLog epoch)
        {
            if ((when == "after epoch 1" && epoch.Epoch == 0) || (when == "after the last epoch" && epoch.Epoch == 2))
            {
                LastFinite = model.Parameters.ToArray();
                model.Parameters[5] = when == "after epoch 1" ? float.NaN : float.PositiveInfinity;
            }
        }
    }

    private sealed class EpochStartRecorder(List<float[]> starts) : Callback
    {
        public override void OnEpochBegin(TrainingContext training, int epoch) => starts.Add(training.Model.Parameters.ToArray());
    }
}
