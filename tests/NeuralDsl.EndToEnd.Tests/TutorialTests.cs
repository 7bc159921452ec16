using NeuralDsl.EndToEnd.Tests.Models;

namespace NeuralDsl.EndToEnd.Tests;

/// <summary>The tutorial results the library must reproduce.</summary>
public class TutorialTests
{
    [Fact]
    public void ParityReachesFullAccuracyOnItsTrainingSet()
    {
        var x = new float[16 * 8];
        var y = new float[16];
        for (int n = 0; n < 16; n++)
        {
            for (int bit = 0; bit < 8; bit++) x[n * 8 + bit] = (n >> (7 - bit)) & 1;
            y[n] = n % 2;
        }
        var model = new ParityBits(seed: 7);
        model.Fit(x, y, new FitOptions { Epochs = 20, BatchSize = 5, Optimizer = new Sgd(1.0f), Verbose = Verbosity.Silent });

        Assert.Equal(1f, model.Evaluate(x, y).Accuracy);
        float[] unseen = [1, 0, 0, 1, 1, 1, 0, 1, /**/ 1, 0, 0, 0, 0, 1, 1, 0]; // 10011101 odd, 10000110 even
        Assert.Equal([1, 0], model.PredictClasses(unseen));
        // The last bit's weight dominates every other weight.
        var weights = model.Parameters[..8].ToArray();
        Assert.All(weights[..7], w => Assert.True(MathF.Abs(w) < MathF.Abs(weights[7]) / 2, $"weight {w} vs last bit {weights[7]}"));
    }

    [Fact]
    public void AdamDropoutMlpReaches85PercentOnFashionMnistWithin5Epochs()
    {
        Assert.SkipUnless(FashionMnist.IsAvailable(), "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist (.ci/run installs it)");
        var (train, test) = FashionMnist.Load();
        var model = new FashionMlp(seed: 1671);
        var history = model.Fit(train.Features, train.Labels, new FitOptions
        {
            Epochs = 5,
            BatchSize = 128,
            ValidationSplit = 0.2f,
            Optimizer = new Adam(),
            Verbose = Verbosity.Silent,
        });
        var result = model.Evaluate(test.Features, test.Labels);

        Assert.True(result.Accuracy >= 0.85f, $"test accuracy {result.Accuracy:P2} after 5 epochs");
        Assert.Equal(5, history.ValAccuracy.Count);
        Assert.True(history.Loss[^1] < history.Loss[0], "training loss should fall");
        Assert.InRange(result.Precision, 0.8f, 1f);
        Assert.InRange(result.Recall, 0.8f, 1f);
    }
}
