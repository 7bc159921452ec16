using NeuralDsl.EndToEnd.Tests.Models;
using NeuralDsl.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.OpenCl;

/// <summary>
/// The OpenCL backend sums loss and metrics on the device (the batch_metrics kernel) and the CPU backend on the host:
/// the values must agree, a divergence must be found at the same batch, and a silent <c>Fit</c> must not wait for the
/// device within an epoch.
/// </summary>
[Collection(OpenClModels.Name)]
public sealed class OpenClMetricsTests
{
    /// <summary>Binary (two sigmoid outputs), categorical (fused and unfused), sparse, MSE with every regularizer, MAE.</summary>
    public static TheoryData<string> Models() => ["binary", "categorical", "unfused", "sparse", "regularized", "mae"];

    private static SequentialModel Make(string name) => name switch
    {
        "binary" => new HiddenRelu(seed: 21),
        "categorical" => new SoftmaxClassifier(seed: 22),
        "unfused" => new UnfusedCrossentropy(seed: 23),
        "sparse" => new SparseClassifier(seed: 24),
        "regularized" => new Regularized(seed: 25),
        _ => new MaeRegression(seed: 26),
    };

    private static IModel Device(SequentialModel model)
    {
        model.UseDevice(OpenClModels.Device);
        return model;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Evaluate_on_the_device_counts_what_the_host_counts(string name)
    {
        var cpu = Make(name);
        var device = Make(name);
        Device(device);
        // 600 rows: several inference batches' worth of counts, confusion counts over every class.
        var (x, y) = GradientCheckTests.Batch(cpu.Info, 600, seed: 41);

        var expected = cpu.Evaluate(x, y);
        var actual = device.Evaluate(x, y);

        Assert.Equal(expected.Loss, actual.Loss, 1e-4 * Math.Max(1, Math.Abs(expected.Loss)));
        // Same weights, outputs equal to rounding: every thresholded or arg-max prediction is the same.
        Assert.Equal(expected.Accuracy, actual.Accuracy);
        Assert.Equal(expected.Precision, actual.Precision);
        Assert.Equal(expected.Recall, actual.Recall);
        Assert.InRange(expected.Accuracy, 0.01f, 0.99f); // a real count, not an empty or saturated one
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Fit_with_validation_records_the_metrics_the_cpu_records(string name)
    {
        var cpu = Make(name);
        var device = Make(name);
        Device(device);
        var (x, y) = GradientCheckTests.Batch(cpu.Info, 203, seed: 43);
        static FitOptions Options() => new()
        {
            Epochs = 3,
            BatchSize = 16,
            ValidationSplit = 0.25f,
            Optimizer = new Adam(0.01f),
            Verbose = Verbosity.Silent,
        };

        var expected = cpu.Fit(x, y, Options());
        var actual = device.Fit(x, y, Options());

        Assert.Equal(3, actual.Epochs);
        Assert.Equal(expected.Metrics.Keys.Order(), actual.Metrics.Keys.Order());
        Assert.Contains("val_loss", actual.Metrics.Keys);
        foreach (var (metric, values) in expected.Metrics)
        {
            // Losses to rounding; counted metrics may differ by a prediction that rounding tipped over the line.
            for (int epoch = 0; epoch < 3; epoch++)
            {
                float want = values[epoch], got = actual.Metrics[metric][epoch];
                double tolerance = metric.EndsWith("loss", StringComparison.Ordinal) ? 1e-4 * Math.Max(1, Math.Abs(want))
                    : metric == "learning_rate" ? 0 : 0.011;
                Assert.True(Math.Abs(want - got) <= tolerance, $"{name}, epoch {epoch + 1}, {metric}: CPU {want}, OpenCL {got}");
            }
        }
    }

    [Fact]
    public void Divergence_is_found_at_the_batch_the_cpu_finds_it_and_the_weights_are_restored()
    {
        static TrainingDivergedException Diverge(SequentialModel model, float[] x, float[] y) =>
            Assert.Throws<TrainingDivergedException>(() =>
                model.Fit(x, y, new FitOptions { Epochs = 3, BatchSize = 8, Optimizer = new Sgd(1e10f), Verbose = Verbosity.Silent }));
        var cpu = new MseRegression(seed: 9);
        var device = new MseRegression(seed: 9);
        Device(device);
        var (x, y) = GradientCheckTests.Batch(cpu.Info, 64, seed: 5);
        for (int i = 0; i < y.Length; i++) y[i] *= 1e18f;
        var before = device.Parameters.ToArray();

        string onCpu = Diverge(cpu, x, y).Message;
        string onDevice = Diverge(device, x, y).Message;

        // "Training diverged: the loss of batch 2/8 in epoch 1/3 is ..." on both (the value itself may be NaN or infinity).
        static string Where(string message) => message[..message.IndexOf(" is ", StringComparison.Ordinal)];
        Assert.Matches(@"the loss of batch [1-8]/8 in epoch 1/3$", Where(onDevice));
        Assert.Equal(Where(onCpu), Where(onDevice));
        Assert.Equal(before, device.Parameters.ToArray());
    }

    [Fact]
    public void A_silent_fit_waits_for_the_device_a_fixed_number_of_times_per_epoch_whatever_its_steps()
    {
        var model = new SoftmaxClassifier(seed: 31);
        Device(model);
        var context = ((OpenClBackend)model.Backend).Context;
        var (x, y) = GradientCheckTests.Batch(model.Info, 256, seed: 7);
        var batches = new BatchCounter();

        (long Transfers, long Launches) Fit(int batchSize)
        {
            long transfers = context.BlockingTransfers, launches = context.Launches;
            model.Fit(x, y, new FitOptions
            {
                Epochs = 2,
                BatchSize = batchSize,
                Optimizer = new Adam(),
                Verbose = Verbosity.Silent,
                Callbacks = [batches],
            });
            return (context.BlockingTransfers - transfers, context.Launches - launches);
        }

        Fit(64); // warm up: workspace, optimizer moments
        int warmUpBatches = batches.Count;
        var (fewStepTransfers, fewStepLaunches) = Fit(128);  // 2 steps an epoch
        var (manyStepTransfers, manyStepLaunches) = Fit(8);  // 32 steps an epoch

        // The training set uploaded once (inputs, targets), and the previous Fit's Adam moments (m, v) given back to its host
        // buffers when this Fit's new Adam takes the device over; per epoch the parameters and the order written, the
        // metrics' counts and losses and the parameters read; never per step.
        Assert.Equal(fewStepTransfers, manyStepTransfers);
        Assert.Equal(2 + 2 + 2 * 5, manyStepTransfers);
        Assert.Equal(2 * (2 + 32), batches.Count - warmUpBatches);
        // gather, two dense layers and softmax forward, batch metrics, two weight-gradient and one input-gradient products, Adam.
        Assert.Equal(9, (manyStepLaunches - fewStepLaunches) / (2 * (32 - 2)));
    }

    [Fact]
    public void A_training_step_of_the_tutorial_mlp_is_twelve_launches_and_no_wait()
    {
        var model = new FashionMlp(seed: 3);
        Device(model);
        var context = ((OpenClBackend)model.Backend).Context;
        var (x, y) = GradientCheckTests.Batch(model.Info, 64, seed: 2);
        (long Transfers, long Launches) Fit(int batchSize)
        {
            long transfers = context.BlockingTransfers, launches = context.Launches;
            model.Fit(x, y, new FitOptions { Epochs = 1, BatchSize = batchSize, Optimizer = new Adam(), Verbose = Verbosity.Silent });
            return (context.BlockingTransfers - transfers, context.Launches - launches);
        }

        Fit(64);
        var one = Fit(64);   // 1 step
        var eight = Fit(8);  // 8 steps

        Assert.Equal(one.Transfers, eight.Transfers);
        // gather; three dense forward (dropout fused in) and softmax; batch_metrics (loss, metrics and dL/d(output));
        // three weight-gradient and two input-gradient products (dropout's mask applied in them); Adam over the buffer.
        Assert.Equal(12, (eight.Launches - one.Launches) / 7);
    }

    /// <summary>Overrides OnBatchEnd but never reads the batch's metrics, so nothing is read for it.</summary>
    private sealed class BatchCounter : Callback
    {
        public int Count { get; private set; }

        public override void OnBatchEnd(TrainingContext training, BatchLog batch) => Count++;
    }

    [Fact]
    public void A_callback_that_reads_the_batch_log_gets_the_running_metrics_of_that_batch()
    {
        var cpu = new SoftmaxClassifier(seed: 33);
        var device = new SoftmaxClassifier(seed: 33);
        Device(device);
        var (x, y) = GradientCheckTests.Batch(cpu.Info, 96, seed: 8);
        List<float> Losses(SequentialModel model)
        {
            var reader = new LossReader();
            model.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 16, Optimizer = new Adam(0.01f), Verbose = Verbosity.Silent, Callbacks = [reader] });
            return reader.Losses;
        }

        var expected = Losses(cpu);
        var actual = Losses(device);

        Assert.Equal(12, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i], 1e-4 * Math.Max(1, expected[i]));
    }

    private sealed class LossReader : Callback
    {
        public List<float> Losses { get; } = [];

        public override void OnBatchEnd(TrainingContext training, BatchLog batch) => Losses.Add(batch.Metrics["loss"]);
    }
}
