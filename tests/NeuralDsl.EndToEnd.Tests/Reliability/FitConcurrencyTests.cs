using NeuralDsl.EndToEnd.Tests.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.Reliability;

/// <summary>
/// Fit has the model to itself: every call from another thread while it runs throws an <see cref="InvalidOperationException"/>
/// naming Fit, Fit waits for the predictions in flight when it starts, calls from Fit's own callbacks still work, and the
/// trained weights are bit for bit those of a run that nobody disturbed, on the CPU and on OpenCL.
/// </summary>
[Collection(OpenClModels.Name)]
public sealed class FitConcurrencyTests : IDisposable
{
    private const int Rows = 96;
    private readonly string _directory = Directory.CreateTempSubdirectory("ndsl-concurrency-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> Backends() => new() { "cpu", "opencl" };

    private static (float[] X, float[] Y) Data() => GradientCheckTests.Batch(new ConcurrentMlp(1).Info, Rows, seed: 17);

    private static FitOptions Options(params Callback[] callbacks) => new()
    {
        Epochs = 3,
        BatchSize = 16,
        ValidationSplit = 0.25f,
        Optimizer = new Adam(0.01f),
        Verbose = Verbosity.Silent,
        Callbacks = callbacks,
    };

    private static float[] TrainedUndisturbed(string backend)
    {
        var (x, y) = Data();
        var model = ConcurrencyTests.Create("mlp", backend);
        model.Fit(x, y, Options());
        return model.Parameters.ToArray();
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Calls_from_other_threads_during_fit_throw_naming_fit_and_change_nothing(string backend)
    {
        var (x, y) = Data();
        string weights = Path.Combine(_directory, "weights.safetensors");
        ConcurrencyTests.Create("mlp", "cpu").Save(weights);
        var model = ConcurrencyTests.Create("mlp", backend);
        var probe = new OtherThreadProbe(model, x, y, weights);

        model.Fit(x, y, Options(probe));

        Assert.Equal(2, probe.Probes);
        string[] operations = ["Predict", "Predict", "PredictClasses", "Evaluate", "Save", "LoadWeights", "UseDevice", "Fit", "ComputeGradients", "ComputeLoss"];
        Assert.Equal(operations.Length * probe.Probes, probe.Failures.Count);
        for (int i = 0; i < probe.Failures.Count; i++)
        {
            var failure = Assert.IsType<InvalidOperationException>(probe.Failures[i]);
            string operation = operations[i % operations.Length];
            Assert.Contains($"{operation} cannot", failure.Message);
            Assert.Contains("model 'concurrent_mlp' while Fit is running on another thread", failure.Message);
        }
        Assert.Equal(TrainedUndisturbed(backend), model.Parameters.ToArray());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Calls_from_fits_own_callbacks_work_and_change_nothing(string backend)
    {
        // Predicting mid-epoch on OpenCL once uploaded the host weights of the epoch's start over the device's newer
        // ones, silently undoing the epoch's steps so far.
        var (x, y) = Data();
        var model = ConcurrencyTests.Create("mlp", backend);
        var own = new OwnThreadProbe(model, x, y, Path.Combine(_directory, "checkpoint.safetensors"));

        model.Fit(x, y, Options(own));

        Assert.Equal(3 * 5, own.Predictions); // 3 epochs × 5 steps (72 training rows, batches of 16)
        Assert.Equal(TrainedUndisturbed(backend), model.Parameters.ToArray());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Predictions_racing_with_fit_either_run_or_throw_and_training_is_undisturbed(string backend)
    {
        var (x, y) = Data();
        var model = ConcurrencyTests.Create("mlp", backend);
        var before = model.Predict(x);
        var outcomes = new List<string>();
        bool done = false;
        var predictor = new Thread(() =>
        {
            // Until Fit has returned, and at least a few calls: each either runs or throws the named exception.
            for (int call = 0; call < 5 || !Volatile.Read(ref done); call++)
            {
                try
                {
                    var output = model.Predict(x);
                    lock (outcomes) outcomes.Add(output.Length == before.Length ? "ran" : "wrong length");
                }
                catch (InvalidOperationException e) when (e.Message.Contains("while Fit is running on another thread"))
                {
                    lock (outcomes) outcomes.Add("refused");
                }
            }
        });
        predictor.Start();
        // Fit waits for the prediction in flight, if any, then has the model to itself.
        var history = model.Fit(x, y, Options());
        Volatile.Write(ref done, true);
        predictor.Join();

        Assert.Equal(3, history.Epochs);
        Assert.DoesNotContain("wrong length", outcomes);
        Assert.Equal(TrainedUndisturbed(backend), model.Parameters.ToArray());
    }

    /// <summary>At two training steps, calls every member of the model from another thread and keeps what they throw.</summary>
    private sealed class OtherThreadProbe(SequentialModel model, float[] x, float[] y, string weights) : Callback
    {
        public List<Exception> Failures { get; } = [];

        public int Probes { get; private set; }

        public override void OnBatchEnd(TrainingContext training, BatchLog batch)
        {
            if (!(batch.Epoch == 0 && batch.Batch == 1) && !(batch.Epoch == 2 && batch.Batch == 3)) return;
            Probes++;
            Action[] calls =
            [
                () => model.Predict(x),
                () => model.Predict(x, new float[y.Length]),
                () => model.PredictClasses(x),
                () => model.Evaluate(x, y),
                () => model.Save(weights),
                () => model.LoadWeights(weights),
                () => model.UseDevice(Device.Cpu),
                () => model.Fit(x, y, new FitOptions { Epochs = 1, Verbose = Verbosity.Silent }),
                () => model.ComputeGradients(x, y),
                () => model.ComputeLoss(x, y, training: false),
            ];
            var other = new Thread(() =>
            {
                foreach (var call in calls)
                {
                    try
                    {
                        call();
                        Failures.Add(new InvalidOperationException("(no exception)"));
                    }
                    catch (Exception e)
                    {
                        Failures.Add(e);
                    }
                }
            });
            other.Start();
            other.Join();
        }
    }

    /// <summary>Predicts after every step and evaluates and saves after every epoch, on Fit's own thread.</summary>
    private sealed class OwnThreadProbe(SequentialModel model, float[] x, float[] y, string checkpoint) : Callback
    {
        public int Predictions { get; private set; }

        public override void OnBatchEnd(TrainingContext training, BatchLog batch)
        {
            var output = model.Predict(x);
            Assert.All(output, value => Assert.True(float.IsFinite(value)));
            Predictions++;
        }

        public override void OnEpochEnd(TrainingContext training, EpochLog epoch)
        {
            Assert.True(float.IsFinite(model.Evaluate(x, y).Loss));
            model.Save(checkpoint);
        }
    }
}
