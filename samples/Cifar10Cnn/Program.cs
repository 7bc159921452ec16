// The CIFAR-10 experiment of the tutorial: a "few layers" convnet against one with three
// convolution + pooling sets, on 32×32 colour images.
//   dotnet run -c Release --project samples/Cifar10Cnn -- [--data DIR] [--epochs N] [--train-rows N]
// CIFAR-10 cannot be installed on this machine; with --data pointing at the extracted
// cifar-10-batches-bin folder it trains on the real images, otherwise on synthetic 32×32×3 images.
using System.Globalization;
using Cifar10Cnn;
using NeuralDsl;

string? directory = null;
int epochs = 2, trainRows = 5000;
int? exit = new CommandLine("Cifar10Cnn [options]", "The tutorial's CIFAR-10 experiment: a few-layer convnet against one with three convolution + pooling sets.")
    .Value("--data", "DIR", "the extracted cifar-10-batches-bin folder (default: synthetic 32x32x3 images)", v => directory = CommandLine.Path(v))
    .Value("--epochs", "N", "epochs to train each network (default 2)", v => epochs = CommandLine.PositiveInt(v))
    .Value("--train-rows", "N", "use only the first N training rows (default 5000)", v => trainRows = CommandLine.PositiveInt(v))
    .Parse(args);
if (exit is int code) return code;

if (SampleDevice.FromEnvironment() is not { } device) return 2;

LabeledData train, test;
if (directory is not null)
{
    (train, test) = Cifar10.Load(directory);
    Console.WriteLine($"CIFAR-10 from {directory}: {Quantity.Of(train.Rows, "training image")} and {Quantity.Of(test.Rows, "test image")}.");
}
else
{
    Console.WriteLine("No --data folder given: training on synthetic 32×32×3 images (CIFAR-10 is not installable here).");
    train = SyntheticImages.Generate(6000, seed: 1);
    test = SyntheticImages.Generate(1000, seed: 2);
}
if (trainRows < train.Rows) train = train.Take(0, trainRows);

var results = new List<string>();
foreach (var (name, model) in new (string, SequentialModel)[] { ("few layers", new CifarFewLayers(seed: 1671)), ("three layer sets", new CifarThreeSets(seed: 1671)) })
{
    model.UseDevice(device);
    Console.WriteLine(model.Summary());
    var history = model.Fit(train.Features, train.Labels, new FitOptions
    {
        Epochs = epochs,
        BatchSize = 128,
        ValidationSplit = 0.2f,
        Optimizer = new RmsProp(),
        Verbose = Verbosity.OneLinePerEpoch,
    });
    var result = model.Evaluate(test.Features, test.Labels);
    string curve = string.Join(", ", history.ValAccuracy.Select(a => a.ToString("P1", CultureInfo.InvariantCulture)));
    results.Add(string.Create(CultureInfo.InvariantCulture,
        $"{name,-17} {model.Info.ParameterCount,10:N0} params   test accuracy {Percent.Of(result.Accuracy)}   validation accuracy per epoch: {curve}"));
}
Console.WriteLine();
foreach (string line in results) Console.WriteLine(line);
return 0;

/// <summary>"Few layers": one convolution set, then a wide hidden layer.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(32, 32, 3)]
[Conv2D(32, 3, Activation.Relu, Padding = Padding.Same)]
[MaxPooling2D(2)]
[Dropout(0.25)]
[Flatten]
[Dense(512, Activation.Relu)]
[Dropout(0.5)]
[Dense(10, Activation.Softmax)]
public partial class CifarFewLayers;

/// <summary>Three sets of convolution + max-pooling + dropout (32, 64, 128 filters), then the classifier.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(32, 32, 3)]
[Conv2D(32, 3, Activation.Relu, Padding = Padding.Same)]
[MaxPooling2D(2)]
[Dropout(0.25)]
[Conv2D(64, 3, Activation.Relu, Padding = Padding.Same)]
[MaxPooling2D(2)]
[Dropout(0.25)]
[Conv2D(128, 3, Activation.Relu, Padding = Padding.Same)]
[MaxPooling2D(2)]
[Dropout(0.25)]
[Flatten]
[Dense(512, Activation.Relu)]
[Dropout(0.5)]
[Dense(10, Activation.Softmax)]
public partial class CifarThreeSets;
