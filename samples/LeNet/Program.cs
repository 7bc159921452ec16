// LeNet-5 style network on Fashion-MNIST: two convolution + average-pooling blocks, then three fully
// connected layers, as in the tutorial's convolutional chapter.
//   dotnet run -c Release --project samples/LeNet -- [--epochs N] [--train-rows N]
using System.Diagnostics;
using System.Globalization;
using NeuralDsl;

int epochs = 10, trainRows = int.MaxValue;
int? exit = new CommandLine("LeNet [options]", "LeNet-5 with ReLU on Fashion-MNIST, as in the tutorial's convolutional chapter.")
    .Value("--epochs", "N", "epochs to train (default 10)", v => epochs = CommandLine.PositiveInt(v))
    .Value("--train-rows", "N", "use only the first N training rows", v => trainRows = CommandLine.PositiveInt(v))
    .Parse(args);
if (exit is int code) return code;
if (SampleDevice.FromEnvironment() is not { } device) return 2;

if (!FashionMnist.IsAvailable())
{
    Console.Error.WriteLine("Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist");
    return 1;
}
var (train, test) = FashionMnist.Load();
if (trainRows < train.Rows) train = train.Take(0, trainRows);

var model = new LeNet5(seed: 1671);
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
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"LeNet-5 on Fashion-MNIST: test accuracy {Percent.Of(result.Accuracy)} after {Quantity.Of(history.Epochs, "epoch")} " +
    $"({history.EpochSeconds.Order().ElementAt(history.Epochs / 2):0.0} s/epoch median, {clock.Elapsed.TotalSeconds:0} s in all)"));
return 0;

/// <summary>LeNet-5 with ReLU: 28×28×1 → conv 6@5×5 (same) → avg-pool → conv 16@5×5 → avg-pool → 120 → 84 → 10.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(6, 5, Activation.Relu, Padding = Padding.Same)]
[AveragePooling2D(2)]
[Conv2D(16, 5, Activation.Relu)]
[AveragePooling2D(2)]
[Flatten]
[Dense(120, Activation.Relu)]
[Dense(84, Activation.Relu)]
[Dense(10, Activation.Softmax)]
public partial class LeNet5;
