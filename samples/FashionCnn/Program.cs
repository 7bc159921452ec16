// A small convolutional network that passes 90 % test accuracy on Fashion-MNIST.
//   dotnet run -c Release --project samples/FashionCnn -- [--epochs N] [--target-accuracy P]
using System.Diagnostics;
using System.Globalization;
using FashionCnnSample;
using NeuralDsl;

int epochs = 10;
float target = 0.9f;
int? exit = new CommandLine("FashionCnn [options]", "A small convolutional network that passes 90 % test accuracy on Fashion-MNIST in 10 epochs.")
    .Value("--epochs", "N", "epochs to train (default 10)", v => epochs = CommandLine.PositiveInt(v))
    .Value("--target-accuracy", "P", "test accuracy in [0, 1] below which the exit code is 1 (default 0.9; 0 never fails)", v => target = CommandLine.Fraction(v))
    .Parse(args);
if (exit is int code) return code;
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
    $"Small CNN on Fashion-MNIST: test accuracy {Percent.Of(result.Accuracy)} after {Quantity.Of(history.Epochs, "epoch")}, {perEpoch:0.0} s/epoch (median), {clock.Elapsed.TotalSeconds:0} s in all"));
if (result.Accuracy >= target) return 0;
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Test accuracy {Percent.Of(result.Accuracy)} is below the target {target:P0} (train longer with --epochs, or lower --target-accuracy)."));
return 1;
