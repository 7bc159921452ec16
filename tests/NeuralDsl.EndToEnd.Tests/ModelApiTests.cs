using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary>Fit, Evaluate, Predict, Summary, Save and Load through generated models.</summary>
public class ModelApiTests
{
    private static (float[] X, int[] Labels) Blobs(int rows, int seed)
    {
        // Three separable clusters in 784 dimensions, so that a few epochs learn them.
        var random = new Random(seed);
        var x = new float[rows * 784];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = r % 10;
            labels[r] = label;
            for (int i = 0; i < 784; i++)
                x[r * 784 + i] = (float)random.NextDouble() * 0.3f + (i % 10 == label ? 0.7f : 0f);
        }
        return (x, labels);
    }

    private static FitOptions Quiet(int epochs = 2, int batch = 32) =>
        new() { Epochs = epochs, BatchSize = batch, Optimizer = new Adam(), Verbose = Verbosity.Silent };

    [Fact]
    public void GeneratedConstantsDescribeTheModel()
    {
        Assert.Equal(784, FashionMlp.InputSize);
        Assert.Equal(10, FashionMlp.OutputSize);
        Assert.Equal(784 * 128 + 128 + 128 * 128 + 128 + 128 * 10 + 10, FashionMlp.ParameterCount);
        var model = new FashionMlp(seed: 1);
        Assert.Equal(FashionMlp.ParameterCount, model.Parameters.Length);
        Assert.Equal(["dense", "dropout", "dense_1", "dropout_1", "dense_2"], model.Info.Layers.Select(l => l.Name));
        Assert.Equal([4, 4, 2], ImageIdentity.InputSize == 32 ? new ImageIdentity(1).Info.InputShape : []);
    }

    [Fact]
    public void SummaryIsKerasTable()
    {
        string summary = new FashionMlp(seed: 1).Summary();
        string[] lines = summary.Split('\n').Select(l => l.TrimEnd('\r').TrimEnd()).ToArray();
        Assert.Equal("Model: \"fashion_mlp\"", lines[0]);
        Assert.Contains(lines, l => l.StartsWith(" dense (Dense)", StringComparison.Ordinal) && l.Contains("(None, 128)") && l.EndsWith("100480", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(" dropout (Dropout)", StringComparison.Ordinal) && l.Contains("(None, 128)") && l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(" dense_1 (Dense)", StringComparison.Ordinal) && l.EndsWith("16512", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(" dense_2 (Dense)", StringComparison.Ordinal) && l.Contains("(None, 10)") && l.EndsWith("1290", StringComparison.Ordinal));
        Assert.Contains("Total params: 118,282", lines);
        Assert.Contains("(None, 4, 4, 2)", new ImageIdentity(1).Summary());
    }

    [Fact]
    public void SameSeedGivesBitIdenticalTraining()
    {
        var (x, labels) = Blobs(200, seed: 3);
        var a = new FashionMlp(seed: 42);
        var b = new FashionMlp(seed: 42);
        var c = new FashionMlp(seed: 43);
        var ha = a.Fit(x, labels, Quiet());
        var hb = b.Fit(x, labels, Quiet());
        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        Assert.Equal(ha.Loss, hb.Loss);
        Assert.False(a.Parameters.SequenceEqual(c.Parameters));
    }

    [Fact]
    public void TrainingLearnsAndEveryBatchSizeWorks()
    {
        var (x, labels) = Blobs(203, seed: 4);
        foreach (int batch in new[] { 1, 7, 64, 203, 500 })
        {
            var model = new FashionMlp(seed: 5);
            var history = model.Fit(x, labels, Quiet(epochs: 3, batch: batch));
            Assert.True(history.Loss[^1] < history.Loss[0], $"batch {batch}: loss {history.Loss[0]} → {history.Loss[^1]}");
            Assert.True(model.Evaluate(x, labels).Accuracy > 0.9f, $"batch {batch}");
        }
    }

    [Fact]
    public void EvaluatePredictAndPredictClassesAgree()
    {
        var (x, labels) = Blobs(150, seed: 6);
        var model = new FashionMlp(seed: 7);
        model.Fit(x, labels, Quiet());
        float[] p = model.Predict(x);
        int[] classes = model.PredictClasses(x);
        Assert.Equal(150 * 10, p.Length);
        for (int r = 0; r < 150; r++)
        {
            Assert.Equal(1f, p.AsSpan(r * 10, 10).ToArray().Sum(), 4);
            Assert.Equal(Array.IndexOf(p, p.AsSpan(r * 10, 10).ToArray().Max(), r * 10) - r * 10, classes[r]);
        }
        float accuracy = classes.Zip(labels).Count(pair => pair.First == pair.Second) / 150f;
        var evaluation = model.Evaluate(x, labels);
        Assert.Equal(accuracy, evaluation.Accuracy, 6);
        // Loss by hand: mean of −log p[label].
        double loss = Enumerable.Range(0, 150).Average(r => -Math.Log(Math.Max(p[r * 10 + labels[r]], 1e-7)));
        Assert.Equal(loss, evaluation.Loss, 4);
        // One-hot float targets give the same evaluation as integer labels.
        Assert.Equal(evaluation, model.Evaluate(x, OneHot.Encode(labels, 10)));
    }

    [Fact]
    public void TypedVectorPredictMatchesSpanPredict()
    {
        var (x, labels) = Blobs(10, seed: 8);
        var model = new FashionMlp(seed: 9);
        model.Fit(x, labels, Quiet(epochs: 1));
        var input = new FashionMlp.InputVector();
        x.AsSpan(0, 784).CopyTo(input);
        FashionMlp.OutputVector output = model.Predict(input);
        Assert.Equal(model.Predict(x.AsSpan(0, 784)), ((ReadOnlySpan<float>)output).ToArray());
    }

    [Fact]
    public void SaveAndLoadRoundTripBitExact()
    {
        var (x, labels) = Blobs(100, seed: 10);
        var model = new FashionMlp(seed: 11);
        model.Fit(x, labels, Quiet());
        string path = Path.Combine(Path.GetTempPath(), $"neuraldsl-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var loaded = FashionMlp.Load(path);
            Assert.True(model.Parameters.SequenceEqual(loaded.Parameters));
            Assert.Equal(model.Predict(x), loaded.Predict(x));
            var file = SafeTensors.Read(path);
            Assert.Equal(["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias"], file.Tensors.Select(t => t.Name));
            Assert.Equal([784, 128], file.Tensors[0].Shape);
            Assert.Equal("fashion_mlp", file.Metadata["model"]);

            // Weights of another architecture are refused with both shapes named.
            var error = Assert.Throws<InvalidDataException>(() => SoftmaxClassifier.Load(path));
            Assert.Contains("dense/kernel", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WrongLengthsNameBothSizes()
    {
        var model = new FashionMlp(seed: 1);
        var bad = Assert.Throws<ArgumentException>(() => model.Predict(new float[1000]));
        Assert.Contains("784", bad.Message);
        Assert.Contains("1000", bad.Message);
        var (x, labels) = Blobs(4, seed: 1);
        var mismatch = Assert.Throws<ArgumentException>(() => model.Fit(x, new float[4 * 10 - 1], Quiet()));
        Assert.Contains("40", mismatch.Message);
        Assert.Contains("39", mismatch.Message);
        var labelCount = Assert.Throws<ArgumentException>(() => model.Fit(x, labels.AsSpan(0, 3), Quiet()));
        Assert.Contains("3 labels", labelCount.Message);
        var outOfRange = Assert.Throws<ArgumentException>(() => model.Fit(x, [0, 1, 2, 10], Quiet()));
        Assert.Contains("10", outOfRange.Message);
    }

    [Fact]
    public void NonFiniteInputIsRefusedBeforeTraining()
    {
        var (x, labels) = Blobs(4, seed: 1);
        x[2 * 784 + 5] = float.NaN;
        var model = new FashionMlp(seed: 1);
        float[] before = model.Parameters.ToArray();
        var error = Assert.Throws<ArgumentException>(() => model.Fit(x, labels, Quiet()));
        Assert.Contains("row 2, column 5", error.Message);
        Assert.True(model.Parameters.SequenceEqual(before));
    }

    [Fact]
    public void DivergenceStopsWithParametersRestored()
    {
        var model = new MseRegression(seed: 1);
        var (x, y) = GradientCheckTests.Batch(model.Info, 64, seed: 1);
        for (int i = 0; i < y.Length; i++) y[i] *= 1e18f;
        float[] before = model.Parameters.ToArray();
        var error = Assert.Throws<TrainingDivergedException>(() =>
            model.Fit(x, y, new FitOptions { Epochs = 3, BatchSize = 8, Optimizer = new Sgd(1e10f), Verbose = Verbosity.Silent }));
        Assert.Contains("epoch 1/3", error.Message);
        Assert.True(model.Parameters.SequenceEqual(before), "parameters must be those of the start of the failing epoch");
        Assert.Equal(0, error.History.Epochs);
    }

    [Fact]
    public void ValidationSplitAndCallbacksFollowKeras()
    {
        var (x, labels) = Blobs(100, seed: 12);
        var model = new FashionMlp(seed: 13);
        var seen = new List<int>();
        var log = new StringWriter();
        var history = model.Fit(x, labels, new FitOptions
        {
            Epochs = 5,
            BatchSize = 16,
            ValidationSplit = 0.2f,
            Optimizer = new Adam(),
            Verbose = Verbosity.OneLinePerEpoch,
            Log = log,
            OnEpochEnd = e => { seen.Add(e.Epoch); return e.Epoch < 2; },
        });
        Assert.Equal([0, 1, 2], seen);
        Assert.Equal(3, history.Epochs);
        Assert.Equal(3, history.ValLoss.Count);
        Assert.Equal(["loss", "accuracy", "precision", "recall", "val_loss", "val_accuracy", "val_precision", "val_recall", "learning_rate"], history.Metrics.Keys);
        // The held-out rows are the last 20, as Keras takes them: evaluating them gives the last val_loss.
        Assert.Equal(model.Evaluate(x.AsSpan(80 * 784), labels.AsSpan(80)).Loss, history.ValLoss[^1], 5);
        string text = log.ToString();
        Assert.Contains("Epoch 3/5", text);
        Assert.Contains("5/5 - ", text); // 80 training rows / 16 = 5 steps
        Assert.Contains("val_accuracy: ", text);
    }

    [Fact]
    public void TrainingStepsDoNotAllocate()
    {
        var (x, labels) = Blobs(512, seed: 14);
        var model = new FashionMlp(seed: 15);
        model.Fit(x, labels, Quiet(epochs: 1, batch: 8)); // warm up: JIT, workspace

        long Allocated(int batch)
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            model.Fit(x, labels, Quiet(epochs: 1, batch: batch));
            return GC.GetAllocatedBytesForCurrentThread() - start;
        }
        long fewSteps = Allocated(256), manySteps = Allocated(8); // 2 steps vs 64 steps per epoch
        Assert.True(manySteps - fewSteps < 16 * 1024, $"64 steps allocated {manySteps} bytes, 2 steps {fewSteps}: a step allocates");
    }
}
