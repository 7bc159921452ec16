// A small convolutional network that passes 90 % test accuracy on Fashion-MNIST.
//   dotnet run -c Release --project samples/FashionCnn -- [--epochs N]
using System.Diagnostics;
using System.Globalization;
using NeuralDsl;

int epochs = args.Length == 2 && args[0] == "--epochs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
if (SampleDevice.FromEnvironment() is not { } device) return 2;

if (!FashionMnist.IsAvailable())
{
    Console.Error.WriteLine("Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist");
    return 1;
}
var (train, test) = FashionMnist.Load();

var model = new FashionCnn(seed: 1671);
model.UseDevice(device);
Console.WriteLine(model.Summary());
var clock = Stopwatch.StartNew();
var history = model.Fit(train.Features, train.Labels, new FitOptions
{
    Epochs = epochs,
    BatchSize = 128,
    ValidationSplit = 0.2f,
    Optimizer = new Adam(),
    Verbose = Verbosity.ProgressBar,
});
var result = model.Evaluate(test.Features, test.Labels);
double perEpoch = history.EpochSeconds.Order().ElementAt(history.Epochs / 2);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Small CNN on Fashion-MNIST: test accuracy {result.Accuracy:P2} after {history.Epochs} epochs, {perEpoch:0.0} s/epoch (median), {clock.Elapsed.TotalSeconds:0} s in all"));
return result.Accuracy >= 0.9f ? 0 : 1;

/// <summary>Two convolution + max-pooling blocks, a hidden layer with dropout, softmax.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(32, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Conv2D(64, 3, Activation.Relu)]
[MaxPooling2D(2)]
[Flatten]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class FashionCnn;
