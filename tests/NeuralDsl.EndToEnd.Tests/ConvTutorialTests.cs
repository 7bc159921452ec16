using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary>Convolutional networks declared, checked, trained and evaluated like MLPs.</summary>
public class ConvTutorialTests
{
    [Fact]
    public void SmallCnnBeatsTheMlpOnTheSameFashionMnistSubset()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");
        var (train, test) = FashionMnist.Load();
        train = train.Take(0, 6000);
        test = test.Take(0, 2000);
        var options = new FitOptions { Epochs = 3, BatchSize = 64, Optimizer = new Adam(), Verbose = Verbosity.Silent };

        var cnn = new SubsetCnn(seed: 1671);
        cnn.Fit(train.Features, train.Labels, options);
        var mlp = new SubsetMlp(seed: 1671);
        mlp.Fit(train.Features, train.Labels, options);
        float cnnAccuracy = cnn.Evaluate(test.Features, test.Labels).Accuracy;
        float mlpAccuracy = mlp.Evaluate(test.Features, test.Labels).Accuracy;

        Assert.True(cnnAccuracy > mlpAccuracy, $"CNN {cnnAccuracy:P2} vs MLP {mlpAccuracy:P2}");
        Assert.True(cnnAccuracy > 0.8f, $"CNN {cnnAccuracy:P2}");
    }

    [Fact]
    public void ParameterCountsAndShapesMatchKeras()
    {
        var keras = new KerasMnistConvnet(seed: 1).Info.Layers;
        Assert.Equal(["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "flatten", "dropout", "dense"], keras.Select(l => l.Name));
        Assert.Equal([320, 0, 18496, 0, 0, 0, 16010], keras.Select(l => l.ParameterCount));
        Assert.Equal([[26, 26, 32], [13, 13, 32], [11, 11, 64], [5, 5, 64], [1600], [1600], [10]], keras.Select(l => l.OutputShape));
        Assert.Equal(34826, KerasMnistConvnet.ParameterCount);

        var lenet = new LeNetCounts(seed: 1).Info.Layers;
        Assert.Equal([156, 0, 2416, 0, 0, 48120, 10164, 850], lenet.Select(l => l.ParameterCount));
        Assert.Equal([28, 28, 6], lenet[0].OutputShape);
        Assert.Equal([5, 5, 16], lenet[3].OutputShape);
        string summary = new LeNetCounts(seed: 1).Summary();
        Assert.Contains("(None, 28, 28, 6)", summary);
        Assert.Contains("Total params: 61,706", summary);
    }

    /// <summary>The CPU backend sizes its inference passes by the widest output they write: the convolutions that run their
    /// max pooling write none of their own (26×26×32 a row for the first), so a pass holds 12 rows, not 3 (with 3, the dense
    /// layer ran as 1600-long multiply-add chains, a tenth of a 10 000-row Predict).</summary>
    [Fact]
    public void Inference_passes_are_sized_by_the_outputs_the_cpu_writes()
    {
        var convnet = new KerasMnistConvnet(seed: 1);
        Assert.Equal(NeuralDsl.Cpu.CpuBackend.InferenceActivationBudget / (13 * 13 * 32), convnet.Backend.InferenceRows);
    }

    [Fact]
    public void Summary_columns_stay_aligned_when_a_name_fills_the_first_column()
    {
        string[] lines = new KerasMnistConvnet(seed: 1).Summary().Split('\n');
        string[] layers = lines.Where(l => l.Contains("(None,", StringComparison.Ordinal)).ToArray();
        Assert.Contains(layers, l => l.Contains("max_pooling2d (MaxPooling2D)  ", StringComparison.Ordinal));
        // Every shape starts in the same column, with at least two spaces after the longest layer name.
        int shapeColumn = layers[0].IndexOf("(None,", StringComparison.Ordinal);
        Assert.All(layers, l => Assert.Equal(shapeColumn, l.IndexOf("(None,", StringComparison.Ordinal)));
        Assert.All(layers, l => Assert.Equal("  ", l.Substring(shapeColumn - 2, 2)));
        int parameterColumn = layers.Max(l => l.IndexOf(')', shapeColumn) + 1);
        Assert.All(layers, l => Assert.True(l.Length > parameterColumn + 1 && l[parameterColumn..].StartsWith("  ", StringComparison.Ordinal), l));
    }

    [Fact]
    public void CnnSavesLoadsAndPredictsEveryBatchSize()
    {
        var model = new SubsetCnn(seed: 3);
        var (x, y) = GradientCheckTests.Batch(model.Info, 37, seed: 5);
        for (int i = 0; i < x.Length; i++) x[i] = (x[i] + 1) / 2;
        model.Fit(x, y, new FitOptions { Epochs = 2, BatchSize = 16, Optimizer = new Adam(), Verbose = Verbosity.Silent });
        float[] all = model.Predict(x);
        for (int rows = 1; rows <= 5; rows++)
            Assert.Equal(all.AsSpan(0, rows * 10).ToArray(), model.Predict(x.AsSpan(0, rows * 784)));

        string path = Path.Combine(Path.GetTempPath(), $"neuraldsl-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var loaded = SubsetCnn.Load(path);
            Assert.True(model.Parameters.SequenceEqual(loaded.Parameters));
            Assert.Equal(all, loaded.Predict(x));
            Assert.Equal([3, 3, 1, 16], SafeTensors.Read(path).Tensors[0].Shape);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
