// Parity of an 8-bit number: one sigmoid unit learns that the last bit decides whether a number is odd.
// Tutorial settings: Dense(1, sigmoid) on 8 inputs, binary cross-entropy, SGD(lr 1.0), 20 epochs, batch 5.
using System.Globalization;
using NeuralDsl;

if (new CommandLine("Parity", "One sigmoid unit learns the parity of an 8-bit number (the tutorial's first network).").Parse(args) is int exit) return exit;
if (SampleDevice.FromEnvironment() is not { } device) return 2;

const int Seed = 7;
float[] x = new float[16 * ParityModel.InputSize];
float[] y = new float[16];
for (int number = 0; number < 16; number++)
{
    Bits.Write(number, x.AsSpan(number * 8, 8));
    y[number] = number % 2;
}

var model = new ParityModel(Seed);
model.UseDevice(device);
Console.WriteLine(model.Summary());
var history = model.Fit(x, y, new FitOptions
{
    Epochs = 20,
    BatchSize = 5,
    Optimizer = new Sgd(learningRate: 1.0f),
    Verbose = Verbosity.OneLinePerEpoch,
});

var training = model.Evaluate(x, y);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Training set: {training}"));

// The tutorial's unseen numbers: 10011101 (157, odd) and 10000110 (134, even).
int[] unseen = [0b10011101, 0b10000110];
float[] test = new float[unseen.Length * 8];
for (int i = 0; i < unseen.Length; i++) Bits.Write(unseen[i], test.AsSpan(i * 8, 8));
float[] probabilities = model.Predict(test);
int[] classes = model.PredictClasses(test);
for (int i = 0; i < unseen.Length; i++)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{Convert.ToString(unseen[i], 2).PadLeft(8, '0')} ({unseen[i]}): P(odd) = {probabilities[i]:0.0000} -> {(classes[i] == 1 ? "odd" : "even")}"));

// The weight on the last bit dominates; the other seven fade.
var weights = model.Parameters[..8];
Console.WriteLine("Weights (most significant bit first): " +
    string.Join(" ", weights.ToArray().Select(w => w.ToString("0.00", CultureInfo.InvariantCulture))) +
    string.Create(CultureInfo.InvariantCulture, $"   bias: {model.Parameters[8]:0.00}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Final training loss: {history.Loss[^1]:0.0000}"));
if (classes[0] == 1 && classes[1] == 0 && training.Accuracy == 1f) return 0;
Console.Error.WriteLine("The unit did not learn parity: the unseen numbers or the training set are misclassified.");
return 1;

/// <summary>One sigmoid unit on 8 bits.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(8)]
[Dense(1, Activation.Sigmoid)]
public partial class ParityModel;

internal static class Bits
{
    /// <summary>Writes <paramref name="number"/> as 8 bits, most significant first.</summary>
    public static void Write(int number, Span<float> destination)
    {
        for (int bit = 0; bit < 8; bit++) destination[bit] = (number >> (7 - bit)) & 1;
    }
}
