using NeuralDsl.EndToEnd.Tests.Models;
using NeuralDsl.EndToEnd.Tests.OpenCl;
using NeuralDsl.Tests.TensorBoard;

namespace NeuralDsl.EndToEnd.Tests.Callbacks;

/// <summary>
/// <see cref="TensorBoardLogger"/> in real <c>Fit</c> runs, on the CPU and on OpenCL: what the files hold, read back with
/// the tests' own reader and Google.Protobuf, equals the returned <see cref="History"/> and the batch logs bit for bit.
/// </summary>
[Collection(OpenClModels.Name)]
public sealed class TensorBoardLoggerFitTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tensorboard-fit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string Train => Path.Combine(_dir, "train");

    private string Validation => Path.Combine(_dir, "validation");

    /// <summary>Copies every batch log (the run reuses one instance).</summary>
    private sealed class BatchRecorder : Callback
    {
        public List<(long Step, Dictionary<string, float> Metrics)> Batches { get; } = [];

        public override void OnBatchEnd(TrainingContext training, BatchLog batch) =>
            Batches.Add((batch.Step, new Dictionary<string, float>(batch.Metrics)));
    }

    /// <summary>Throws after epoch <paramref name="epoch"/>'s callbacks ran (as a failing callback or a crash would).</summary>
    private sealed class FailAfter(int epoch) : Callback
    {
        public List<EpochLog> Logs { get; } = [];

        public override void OnEpochEnd(TrainingContext training, EpochLog log)
        {
            Logs.Add(log);
            if (log.Epoch == epoch) throw new InvalidOperationException("stop here");
        }
    }

    /// <summary>The scalars a run with <paramref name="history"/> should have written: each epoch's training metrics
    /// then its learning rate under train, its val_ metrics under validation.</summary>
    private static (List<Scalar> Train, List<Scalar> Validation) Expected(History history)
    {
        var train = new List<Scalar>();
        var validation = new List<Scalar>();
        for (int epoch = 0; epoch < history.Epochs; epoch++)
        {
            foreach (var (name, series) in history.Metrics)
            {
                if (name.StartsWith("val_", StringComparison.Ordinal)) validation.Add(new("epoch_" + name[4..], epoch, series[epoch]));
                else train.Add(new("epoch_" + name, epoch, series[epoch]));
            }
        }
        return (train, validation);
    }

    private static void AssertScalars(IEnumerable<Scalar> expected, IEnumerable<Scalar> actual) =>
        Assert.Equal(expected.Select(s => s.Bits), actual.Select(s => s.Bits));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_files_hold_the_history_and_the_batch_logs(bool openCl)
    {
        var model = new FashionMlp(seed: 3);
        if (openCl) model.UseDevice(OpenClModels.Device);
        var (x, y) = GradientCheckTests.Batch(model.Info, 100, seed: 4);
        var logger = new TensorBoardLogger(_dir) { UpdateFrequency = 2 };
        var recorder = new BatchRecorder();
        var options = new FitOptions
        {
            Epochs = 3,
            BatchSize = 16,
            ValidationSplit = 0.2f,
            Optimizer = new Adam(0.002f),
            Verbose = Verbosity.Silent,
            Callbacks = [logger, recorder],
        };

        var history = model.Fit(x, y, options);

        // 80 training rows in batches of 16: 5 steps an epoch, 15 in all; batch scalars at steps 2, 4, ..., 14.
        Assert.Equal(15, recorder.Batches.Count);
        var expected = Expected(history);
        var train = EventFiles.ScalarsIn(Train);
        AssertScalars(expected.Train, train.Where(s => s.Tag.StartsWith("epoch_", StringComparison.Ordinal)));
        AssertScalars(expected.Validation, EventFiles.ScalarsIn(Validation));
        var batches = recorder.Batches.Where(b => b.Step % 2 == 0)
            .SelectMany(b => b.Metrics.Select(m => new Scalar("batch_" + m.Key, b.Step, m.Value)));
        AssertScalars(batches, train.Where(s => s.Tag.StartsWith("batch_", StringComparison.Ordinal)));
        Assert.Equal(new[] { "epoch_loss", "epoch_accuracy", "epoch_precision", "epoch_recall", "epoch_learning_rate" },
            train.Where(s => s.Tag.StartsWith("epoch_", StringComparison.Ordinal) && s.Step == 0).Select(s => s.Tag));

        // A second Fit with the same callback writes a second file in each directory, holding that run's history.
        string[] firstFiles = [EventFiles.Single(Train), EventFiles.Single(Validation)];
        var second = model.Fit(x, y, options);
        var expectedSecond = Expected(second);
        var secondTrain = EventFiles.Scalars(EventFiles.Read(Assert.Single(EventFiles.In(Train), f => f != firstFiles[0])));
        AssertScalars(expectedSecond.Train, secondTrain.Where(s => s.Tag.StartsWith("epoch_", StringComparison.Ordinal)));
        AssertScalars(expectedSecond.Validation, EventFiles.Scalars(EventFiles.Read(Assert.Single(EventFiles.In(Validation), f => f != firstFiles[1]))));
    }

    [Fact]
    public void A_fit_that_throws_leaves_whole_epochs_and_the_next_fit_starts_a_new_file()
    {
        var model = new FashionMlp(seed: 5);
        var (x, y) = GradientCheckTests.Batch(model.Info, 48, seed: 6);
        var logger = new TensorBoardLogger(_dir);
        var failing = new FailAfter(epoch: 1);
        var options = new FitOptions { Epochs = 4, BatchSize = 16, Optimizer = new Sgd(0.05f), Verbose = Verbosity.Silent, Callbacks = [logger, failing] };

        Assert.Throws<InvalidOperationException>(() => model.Fit(x, y, options));
        string crashed = EventFiles.Single(Train);
        var crashedHistory = new History();
        foreach (var log in failing.Logs) crashedHistory.Add(log);
        AssertScalars(Expected(crashedHistory).Train, EventFiles.Scalars(EventFiles.Read(crashed)));

        options.Callbacks = [logger];
        var history = model.Fit(x, y, options);

        Assert.False(Directory.Exists(Validation));
        AssertScalars(Expected(crashedHistory).Train, EventFiles.Scalars(EventFiles.Read(crashed)));
        AssertScalars(Expected(history).Train, EventFiles.Scalars(EventFiles.Read(Assert.Single(EventFiles.In(Train), f => f != crashed))));
    }
}
