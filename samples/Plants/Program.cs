// Plant A or plant B from two features (height in cm, number of branches): one hidden layer of two
// ReLU units and a sigmoid output, trained on one set of plants and evaluated on another.
using System.Globalization;
using NeuralDsl;

if (new CommandLine("Plants", "A hidden layer of two ReLU units tells two plants apart by height and branches.").Parse(args) is int exit) return exit;
if (SampleDevice.FromEnvironment() is not { } device) return 2;

var (trainX, trainY) = Plants.Measure(count: 400, seed: 11);
var (testX, testY) = Plants.Measure(count: 100, seed: 12);

var model = new PlantClassifier(seed: 5);
model.UseDevice(device);
Console.WriteLine(model.Summary());
var history = model.Fit(trainX, trainY, new FitOptions
{
    Epochs = 60,
    BatchSize = 16,
    ValidationSplit = 0.2f,
    Optimizer = new Adam(learningRate: 0.01f),
    Verbose = Verbosity.Silent,
});
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"After {Quantity.Of(history.Epochs, "epoch")}: loss {history.Loss[^1]:0.0000}, accuracy {history.Accuracy[^1]:P1}, validation accuracy {history.ValAccuracy[^1]:P1}"));
var test = model.Evaluate(testX, testY);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Held-out plants: {test}"));

float[] examples = [.. Plants.Scale(120, 3), .. Plants.Scale(45, 11)];
float[] p = model.Predict(examples);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"120 cm, 3 branches: P(plant B) = {p[0]:0.00}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $" 45 cm, 11 branches: P(plant B) = {p[1]:0.00}"));
if (test.Accuracy >= 0.9f) return 0;
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Held-out accuracy {test.Accuracy:P1} is below the expected 90 %."));
return 1;

/// <summary>Two features, a hidden layer of two ReLU units, a sigmoid output.</summary>
[Model(Loss = Loss.BinaryCrossentropy, Metrics = Metric.Accuracy | Metric.Precision | Metric.Recall)]
[Input(2)]
[Dense(2, Activation.Relu)]
[Dense(1, Activation.Sigmoid)]
public partial class PlantClassifier;

internal static class Plants
{
    /// <summary>Plant A grows tall with few branches, plant B short and bushy; the two overlap a little.</summary>
    public static (float[] X, float[] Y) Measure(int count, int seed)
    {
        var random = new Random(seed);
        var x = new float[count * 2];
        var y = new float[count];
        for (int i = 0; i < count; i++)
        {
            bool plantB = random.Next(2) == 1;
            double height = plantB ? Normal(random, 55, 15) : Normal(random, 110, 20);
            double branches = plantB ? Normal(random, 9, 2.5) : Normal(random, 4, 1.5);
            var scaled = Scale(height, Math.Max(0, Math.Round(branches)));
            x[2 * i] = scaled[0];
            x[2 * i + 1] = scaled[1];
            y[i] = plantB ? 1 : 0;
        }
        return (x, y);
    }

    /// <summary>Brings both features to roughly [0, 1].</summary>
    public static float[] Scale(double heightCm, double branches) => [(float)(heightCm / 150), (float)(branches / 15)];

    private static double Normal(Random random, double mean, double sd) =>
        mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
