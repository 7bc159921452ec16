using System.Text.RegularExpressions;
using NeuralDsl.Tests.TensorBoard;

namespace NeuralDsl.Runtime.Tests.Training.Callbacks;

/// <summary>
/// <see cref="TensorBoardLogger"/> driven by hand through the hooks <c>Fit</c> calls, its files read back with the
/// tests' own TFRecord reader and Google.Protobuf: Keras's layout, tags and steps, values bit for bit, one new file per
/// run, per-batch scalars, and what happens around failures.
/// </summary>
public sealed class TensorBoardLoggerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tensorboard-tests-" + Guid.NewGuid().ToString("N"));

    public TensorBoardLoggerTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Train => Path.Combine(_dir, "train");

    private string Validation => Path.Combine(_dir, "validation");

    /// <summary>Enough of a model for a <see cref="TrainingContext"/>; the logger never touches it.</summary>
    private sealed class FakeModel : IModel
    {
        private readonly float[] _parameters = new float[3];

        public string Name => "Fake";

        public Span<float> Parameters => _parameters;

        public void Save(string path) => throw new NotSupportedException("The logger does not save models.");
    }

    private static TrainingContext Context(bool validation) => new(new FakeModel(), new Sgd(), new History(), epochs: 3,
        stepsPerEpoch: 5, batchSize: 8, LogNames.Epoch(Metric.Accuracy | Metric.Precision, validation));

    // 1/3, 0.5, -0, the smallest subnormal, 0.1, just below float.MaxValue, 0.001: bits a careless conversion would change.
    private static readonly int[] ValueBits = [0x3EAAAAAB, 0x3F000000, unchecked((int)0x80000000), 0x00000001, 0x3DCCCCCD, 0x7F7FFFFE, 0x3A83126F];

    /// <summary>A log of every name of a run; each name and epoch gets its own value (the last bits vary by epoch).</summary>
    private static EpochLog Log(int epoch, bool validation)
    {
        var names = LogNames.Epoch(Metric.Accuracy | Metric.Precision, validation);
        var metrics = new Dictionary<string, float>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++) metrics[names[i]] = BitConverter.Int32BitsToSingle(ValueBits[i % ValueBits.Length] + epoch);
        return new EpochLog(epoch, metrics, 0.25);
    }

    /// <summary>The scalars a log should give: training names under train, val_ names (prefix dropped) under validation.</summary>
    private static (List<Scalar> Train, List<Scalar> Validation) Expected(IEnumerable<EpochLog> logs)
    {
        var train = new List<Scalar>();
        var validation = new List<Scalar>();
        foreach (var log in logs)
        {
            foreach (var (name, value) in log.Metrics)
            {
                if (name.StartsWith("val_", StringComparison.Ordinal)) validation.Add(new("epoch_" + name[4..], log.Epoch, value));
                else train.Add(new("epoch_" + name, log.Epoch, value));
            }
        }
        return (train, validation);
    }

    private static void AssertScalars(IEnumerable<Scalar> expected, IEnumerable<Scalar> actual) =>
        Assert.Equal(expected.Select(s => s.Bits), actual.Select(s => s.Bits));

    private static List<EpochLog> Run(TensorBoardLogger logger, bool validation, int epochs = 3)
    {
        var training = Context(validation);
        var logs = new List<EpochLog>();
        logger.OnTrainBegin(training);
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            logger.OnEpochBegin(training, epoch);
            logs.Add(Log(epoch, validation));
            logger.OnEpochEnd(training, logs[^1]);
        }
        logger.OnTrainEnd(training);
        return logs;
    }

    [Fact]
    public void Epoch_metrics_go_to_train_and_validation_as_keras_writes_them()
    {
        var logs = Run(new TensorBoardLogger(_dir), validation: true);

        Assert.Equal(new[] { "train", "validation" }, Directory.GetDirectories(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var (train, validation) = Expected(logs);
        AssertScalars(train, EventFiles.ScalarsIn(Train));
        AssertScalars(validation, EventFiles.ScalarsIn(Validation));
        // Spelled out once: the tags of the first epoch, the learning rate under train only.
        Assert.Equal(new[] { "epoch_loss", "epoch_accuracy", "epoch_precision", "epoch_learning_rate" },
            EventFiles.ScalarsIn(Train).Where(s => s.Step == 0).Select(s => s.Tag));
        Assert.Equal(new[] { "epoch_loss", "epoch_accuracy", "epoch_precision" },
            EventFiles.ScalarsIn(Validation).Where(s => s.Step == 0).Select(s => s.Tag));
    }

    [Fact]
    public void Files_are_named_and_started_as_tensorflow_does()
    {
        double before = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds;
        Run(new TensorBoardLogger(_dir), validation: true, epochs: 1);
        double after = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).TotalSeconds;

        foreach (var directory in new[] { Train, Validation })
        {
            string path = EventFiles.Single(directory);
            var name = Regex.Match(Path.GetFileName(path), @"^events\.out\.tfevents\.(\d{10})\.(.+)\.(\d+)\.(\d+)\.v2$");
            Assert.True(name.Success, path);
            Assert.Equal(Environment.ProcessId.ToString(), name.Groups[3].Value);

            var first = EventFiles.Read(path)[0];
            Assert.Equal("brain.Event:2", first.FileVersion);
            Assert.Equal(0, first.Step);
            // The file's start, in seconds since the Unix epoch, within the run (a second's slack for clock rounding).
            Assert.InRange(first.WallTime, before - 1, after + 1);
            Assert.Equal((long)Math.Floor(first.WallTime), long.Parse(name.Groups[1].Value));
        }
    }

    [Fact]
    public void A_run_without_validation_writes_no_validation_directory()
    {
        var logs = Run(new TensorBoardLogger(_dir), validation: false);

        Assert.Equal(new[] { Train }, Directory.GetDirectories(_dir));
        AssertScalars(Expected(logs).Train, EventFiles.ScalarsIn(Train));
    }

    [Fact]
    public void Each_epoch_is_in_the_file_when_it_ends()
    {
        var logger = new TensorBoardLogger(_dir);
        var training = Context(validation: true);
        logger.OnTrainBegin(training);
        var logs = new List<EpochLog>();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            logs.Add(Log(epoch, validation: true));
            logger.OnEpochEnd(training, logs[^1]);
            // Read while the files are open, as TensorBoard does during training.
            var (train, validation) = Expected(logs);
            AssertScalars(train, EventFiles.ScalarsIn(Train));
            AssertScalars(validation, EventFiles.ScalarsIn(Validation));
        }
        logger.OnTrainEnd(training);
    }

    [Fact]
    public void Batch_metrics_are_written_every_update_frequency_steps()
    {
        var logger = new TensorBoardLogger(_dir) { UpdateFrequency = 3 };
        var training = Context(validation: true);
        var expected = new List<Scalar>();
        logger.OnTrainBegin(training);
        long step = 0;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int batch = 0; batch < 5; batch++)
            {
                step++;
                var metrics = new Dictionary<string, float> { ["loss"] = 2f / step, ["accuracy"] = step / 11f, ["precision"] = -0f };
                logger.OnBatchEnd(training, new BatchLog(epoch, batch, step, metrics));
                if (step % 3 == 0) expected.AddRange(metrics.Select(m => new Scalar("batch_" + m.Key, step, m.Value)));
            }
            var log = Log(epoch, validation: true);
            logger.OnEpochEnd(training, log);
            expected.AddRange(Expected([log]).Train);
        }
        logger.OnTrainEnd(training);

        AssertScalars(expected, EventFiles.ScalarsIn(Train));
        Assert.Equal(new[] { 3L, 6, 9 }, EventFiles.ScalarsIn(Train).Where(s => s.Tag == "batch_loss").Select(s => s.Step));
        Assert.DoesNotContain(EventFiles.ScalarsIn(Validation), s => s.Tag.StartsWith("batch_", StringComparison.Ordinal));
    }

    [Fact]
    public void By_default_batches_write_nothing()
    {
        var logger = new TensorBoardLogger(_dir);
        var training = Context(validation: false);
        logger.OnTrainBegin(training);
        for (int step = 1; step <= 4; step++)
            logger.OnBatchEnd(training, new BatchLog(0, step - 1, step, new Dictionary<string, float> { ["loss"] = step }));
        logger.OnTrainEnd(training);

        Assert.Equal(0, logger.UpdateFrequency);
        Assert.Empty(EventFiles.ScalarsIn(Train));
    }

    [Fact]
    public void By_default_a_batch_costs_no_allocation()
    {
        var logger = new TensorBoardLogger(_dir);
        var training = Context(validation: false);
        var batch = new BatchLog(0, 0, 1, new Dictionary<string, float> { ["loss"] = 1f, ["accuracy"] = 0.5f });
        logger.OnTrainBegin(training);
        logger.OnBatchEnd(training, batch); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) logger.OnBatchEnd(training, batch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        logger.OnTrainEnd(training);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Each_run_starts_a_new_file()
    {
        var logger = new TensorBoardLogger(_dir);
        var first = Run(logger, validation: true, epochs: 2);
        string[] firstFiles = [EventFiles.Single(Train), EventFiles.Single(Validation)];
        var second = Run(logger, validation: true, epochs: 3);

        foreach (var (directory, files) in new[] { (Train, firstFiles[0]), (Validation, firstFiles[1]) })
        {
            var paths = EventFiles.In(directory);
            Assert.Equal(2, paths.Length);
            Assert.Contains(files, paths);
        }
        var paired = new[] { (first, firstFiles[0], firstFiles[1]), (second, EventFiles.In(Train).Single(p => p != firstFiles[0]), EventFiles.In(Validation).Single(p => p != firstFiles[1])) };
        foreach (var (logs, train, validation) in paired)
        {
            var expected = Expected(logs);
            AssertScalars(expected.Train, EventFiles.Scalars(EventFiles.Read(train)));
            AssertScalars(expected.Validation, EventFiles.Scalars(EventFiles.Read(validation)));
        }
    }

    [Fact]
    public void A_run_that_ended_in_an_exception_is_closed_by_the_next_one()
    {
        var logger = new TensorBoardLogger(_dir);
        var training = Context(validation: false);
        logger.OnTrainBegin(training);
        var crashed = Log(0, validation: false);
        logger.OnEpochEnd(training, crashed);
        // Fit threw here: no OnTrainEnd. The next run begins.
        string crashedFile = EventFiles.Single(Train);
        long crashedLength = new FileInfo(crashedFile).Length;
        var logs = Run(logger, validation: false);

        AssertScalars(Expected([crashed]).Train, EventFiles.Scalars(EventFiles.Read(crashedFile)));
        Assert.Equal(crashedLength, new FileInfo(crashedFile).Length);
        string next = Assert.Single(EventFiles.In(Train), p => p != crashedFile);
        AssertScalars(Expected(logs).Train, EventFiles.Scalars(EventFiles.Read(next)));
    }

    [Fact]
    public void A_directory_that_cannot_be_created_is_an_io_error_naming_it()
    {
        string blocked = Path.Combine(_dir, "blocked");
        File.WriteAllText(blocked, "a file where the log directory should be");
        var logger = new TensorBoardLogger(blocked);

        var e = Assert.Throws<IOException>(() => logger.OnTrainBegin(Context(validation: true)));
        Assert.Contains(Path.Combine(blocked, "train"), e.Message);
    }

    [Fact]
    public void Settings_and_call_order_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => new TensorBoardLogger(null!));
        Assert.Throws<ArgumentException>(() => new TensorBoardLogger(""));
        Assert.Throws<ArgumentException>(() => new TensorBoardLogger("  "));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorBoardLogger(_dir) { UpdateFrequency = -1 });
        Assert.Equal(Path.GetFullPath("runs/adam"), new TensorBoardLogger("runs/adam").LogDirectory);

        var logger = new TensorBoardLogger(_dir);
        var e = Assert.Throws<InvalidOperationException>(() => logger.OnEpochEnd(Context(validation: false), Log(0, validation: false)));
        Assert.Contains("OnTrainBegin", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }
}
