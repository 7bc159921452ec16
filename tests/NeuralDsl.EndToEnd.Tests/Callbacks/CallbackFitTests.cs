using System.Globalization;
using NeuralDsl.EndToEnd.Tests.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.Callbacks;

/// <summary>
/// The callbacks through real <c>Fit</c> calls, on the CPU and on OpenCL: the hooks' order, stopping, restoring the
/// best weights, learning rates that change between epochs and really change the steps, checkpoints and CSV logs.
/// </summary>
[Collection(OpenClModels.Name)]
public sealed class CallbackFitTests : IDisposable
{
    private const int Rows = 120, BatchSize = 16;
    private readonly string _directory = Directory.CreateTempSubdirectory("ndsl-callbacks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CallbackNet Model(string backend, int seed = 5)
    {
        var model = new CallbackNet(seed);
        if (backend == "opencl") model.UseDevice(OpenClModels.Device);
        return model;
    }

    private static (float[] X, float[] Y) Data() => GradientCheckTests.Batch(new CallbackNet(1).Info, Rows, seed: 11);

    private static FitOptions Options(int epochs, params Callback[] callbacks) => new()
    {
        Epochs = epochs,
        BatchSize = BatchSize,
        ValidationSplit = 0.25f,
        Optimizer = new Adam(0.01f),
        Verbose = Verbosity.Silent,
        Callbacks = callbacks,
    };

    /// <summary>Records every hook, and the weights at the end of each epoch.</summary>
    private sealed class Recorder : Callback
    {
        public List<string> Calls { get; } = [];
        public List<long> Steps { get; } = [];
        public List<float[]> EpochWeights { get; } = [];
        public IReadOnlyList<string> LogNames { get; private set; } = [];
        public int? StopAfter { get; init; }

        public override void OnTrainBegin(TrainingContext training)
        {
            Calls.Add("train begin");
            LogNames = training.LogNames;
        }

        public override void OnEpochBegin(TrainingContext training, int epoch) => Calls.Add($"epoch {epoch} begin");

        public override void OnBatchEnd(TrainingContext training, BatchLog batch)
        {
            Calls.Add("batch");
            Steps.Add(batch.Step);
            Assert.Equal(["loss", "accuracy"], batch.Metrics.Keys);
            Assert.True(float.IsFinite(batch.Metrics["loss"]));
        }

        public override void OnEpochEnd(TrainingContext training, EpochLog epoch)
        {
            Calls.Add($"epoch {epoch.Epoch} end");
            Assert.Equal(epoch.Epoch + 1, training.History.Epochs);
            EpochWeights.Add(training.Model.Parameters.ToArray());
            if (epoch.Epoch == StopAfter) training.StopTraining = true;
        }

        public override void OnTrainEnd(TrainingContext training) => Calls.Add("train end");
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void Hooks_run_in_kerass_order_with_the_steps_and_log_names(string backend)
    {
        var model = Model(backend);
        var (x, y) = Data();
        var recorder = new Recorder();
        var history = model.Fit(x, y, Options(2, recorder));

        // 90 training rows in batches of 16: 6 steps an epoch.
        string[] epoch(int e) => [$"epoch {e} begin", .. Enumerable.Repeat("batch", 6), $"epoch {e} end"];
        Assert.Equal(["train begin", .. epoch(0), .. epoch(1), "train end"], recorder.Calls);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), recorder.Steps);
        Assert.Equal(["loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"], recorder.LogNames);
        Assert.Equal(recorder.LogNames, history.Metrics.Keys);
        Assert.Equal([0.01f, 0.01f], history.Series("learning_rate"));
        // At the end of an epoch the model's weights are the epoch's, on the device backend too.
        Assert.Equal(recorder.EpochWeights[^1], model.Parameters.ToArray());
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void A_callback_stops_training_after_the_epoch_it_asks_in(string backend)
    {
        var (x, y) = Data();
        var recorder = new Recorder { StopAfter = 1 };
        var history = Model(backend).Fit(x, y, Options(5, recorder));
        Assert.Equal(2, history.Epochs);
        Assert.Equal("train end", recorder.Calls[^1]);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void Early_stopping_ends_with_the_best_epochs_weights_bit_for_bit(string backend)
    {
        var model = Model(backend);
        var (x, y) = Data();
        var recorder = new Recorder();
        // Watching the training loss with "max" turns its usual fall into a plateau: epoch 0 stays the best, and with
        // patience 1 epoch 1 stops training, after which the weights of epoch 0 come back.
        var stopping = new EarlyStopping { Monitor = "loss", Mode = MonitorMode.Max, Patience = 1, RestoreBestWeights = true };
        var history = model.Fit(x, y, Options(10, recorder, stopping));

        Assert.True(history.Loss[1] < history.Loss[0], $"the loss should fall from epoch 0 to 1: {history.Loss[0]}, {history.Loss[1]}");
        Assert.Equal(1, stopping.StoppedEpoch);
        Assert.Equal(0, stopping.BestEpoch);
        Assert.Equal(2, history.Epochs);
        Assert.NotEqual(recorder.EpochWeights[0], recorder.EpochWeights[1]);
        Assert.Equal(recorder.EpochWeights[0], model.Parameters.ToArray());
        // The restored weights are the ones the next call uses: evaluating gives epoch 0's validation loss.
        Assert.Equal(history.ValLoss[0], model.Evaluate(x.AsSpan(90 * 6), y.AsSpan(90 * 3)).Loss, 5);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void A_schedule_changes_the_steps_exactly_as_setting_the_rate_between_fits(string backend)
    {
        var (x, y) = Data();
        float[] rates = [0.02f, 0.01f, 0.005f];
        var scheduled = Model(backend);
        var options = Options(3, new LearningRateScheduler((epoch, _) => rates[epoch]));
        options.Optimizer = new Adam(0.5f);
        options.Shuffle = false;
        var history = scheduled.Fit(x, y, options);
        Assert.Equal(rates, history.Series("learning_rate"));

        var byHand = Model(backend);
        var optimizer = new Adam(0.5f);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            optimizer.LearningRate = rates[epoch];
            var one = Options(1);
            one.Optimizer = optimizer;
            one.Shuffle = false;
            byHand.Fit(x, y, one);
        }
        Assert.Equal(byHand.Parameters.ToArray(), scheduled.Parameters.ToArray());
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void A_plateau_halves_the_rate_in_the_log_and_in_the_optimizer(string backend)
    {
        var (x, y) = Data();
        var options = Options(3, new ReduceLearningRateOnPlateau { Monitor = "loss", Mode = MonitorMode.Max, Factor = 0.5f, Patience = 1 });
        var history = Model(backend).Fit(x, y, options);
        Assert.True(history.Loss[2] < history.Loss[1] && history.Loss[1] < history.Loss[0]);
        // Epoch 0 is the best under "max"; epochs 1 and 2 each halve the rate for the epoch after them.
        Assert.Equal([0.01f, 0.01f, 0.005f], history.Series("learning_rate"));
        Assert.Equal(0.0025f, options.Optimizer!.LearningRate);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void Checkpoints_and_the_csv_log_hold_what_training_produced(string backend)
    {
        var model = Model(backend);
        var (x, y) = Data();
        string csv = Path.Combine(_directory, "training.csv");
        var checkpoint = new ModelCheckpoint(Path.Combine(_directory, "checkpoints", "epoch{epoch}.safetensors"));
        var history = model.Fit(x, y, Options(3, checkpoint, new CsvLogger(csv)));

        Assert.Equal(["epoch1.safetensors", "epoch2.safetensors", "epoch3.safetensors"],
            Directory.GetFiles(Path.Combine(_directory, "checkpoints")).Select(Path.GetFileName).Order());
        var loaded = new CallbackNet(seed: 99);
        loaded.LoadWeights(Path.Combine(_directory, "checkpoints", "epoch3.safetensors"));
        Assert.Equal(model.Parameters.ToArray(), loaded.Parameters.ToArray());

        string[][] rows = File.ReadAllLines(csv).Select(l => l.Split(',')).ToArray();
        Assert.Equal(4, rows.Length);
        for (int column = 1; column < rows[0].Length - 1; column++)
        {
            var series = history.Series(rows[0][column]);
            Assert.Equal(series, rows.Skip(1).Select(r => float.Parse(r[column], CultureInfo.InvariantCulture)));
        }
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("opencl")]
    public void An_unknown_monitor_fails_before_the_first_epoch_and_changes_nothing(string backend)
    {
        var model = Model(backend);
        var (x, y) = Data();
        float[] before = model.Parameters.ToArray();
        var recorder = new Recorder();
        var options = Options(3, recorder, new EarlyStopping { Monitor = "val_acc" });
        var error = Assert.Throws<ArgumentException>(() => model.Fit(x, y, options));
        Assert.Contains("\"val_accuracy\"", error.Message);
        Assert.Equal(["train begin"], recorder.Calls);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Theory]
    [InlineData("cpu", "ck-{loss:x}.safetensors")]
    [InlineData("cpu", "ck-{epoch:99999999999d}.safetensors")]
    [InlineData("opencl", "ck-{loss:x}.safetensors")]
    public void A_checkpoint_path_with_a_bad_format_fails_before_the_first_epoch_and_changes_nothing(string backend, string template)
    {
        var model = Model(backend);
        var (x, y) = Data();
        float[] before = model.Parameters.ToArray();
        var recorder = new Recorder();
        string path = Path.Combine(_directory, template);
        var options = Options(3, recorder, new ModelCheckpoint(path));

        var error = Assert.Throws<ArgumentException>(() => model.Fit(x, y, options));

        Assert.Contains($"\"{path}\"", error.Message);
        Assert.Contains(template[3..template.IndexOf('}')], error.Message.Replace($"\"{path}\"", "", StringComparison.Ordinal));
        Assert.Equal(["train begin"], recorder.Calls);
        Assert.Equal(before, model.Parameters.ToArray());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }
}
