// The Keras CIFAR-10 example's ResNet-20 v1 (keras.io/examples, "cifar10_resnet": version 1, n = 3) with its data
// preparation (pixels in [0, 1], the per-pixel training mean subtracted), augmentation (horizontal flips, shifts of up
// to 4 pixels), Adam and learning-rate schedule.
//   dotnet run -c Release --project samples/Cifar10ResNet -- [--data DIR] [--epochs N] [--batch-size N] [--train-rows N]
// CIFAR-10 cannot be installed on this machine; with --data pointing at the extracted cifar-10-batches-bin folder it
// trains on the real images, otherwise on synthetic 32×32×3 images (those of samples/Cifar10Cnn).
using System.Diagnostics;
using System.Globalization;
using Cifar10Cnn;
using Cifar10ResNet;
using NeuralDsl;

string? directory = null;
int epochs = 1, batchSize = 32, trainRows = 5000, testRows = int.MaxValue;
int? exit = new CommandLine("Cifar10ResNet [options]", "The Keras CIFAR-10 example's ResNet-20 v1, with its augmentation and learning-rate schedule.")
    .Value("--data", "DIR", "the extracted cifar-10-batches-bin folder (default: synthetic 32x32x3 images)", v => directory = CommandLine.Path(v))
    .Value("--epochs", "N", "epochs to train (default 1; the example trains 200)", v => epochs = CommandLine.PositiveInt(v))
    .Value("--batch-size", "N", "rows per step (default 32, as the example)", v => batchSize = CommandLine.PositiveInt(v))
    .Value("--train-rows", "N", "use only the first N training rows (default 5000; CIFAR-10 has 50000)", v => trainRows = CommandLine.PositiveInt(v))
    .Value("--test-rows", "N", "evaluate on the first N test rows only (default all)", v => testRows = CommandLine.PositiveInt(v))
    .Parse(args);
if (exit is int code) return code;

if (SampleDevice.FromEnvironment() is not { } device) return 2;

LabeledData train, test;
string data;
if (directory is not null)
{
    try
    {
        (train, test) = Cifar10.Load(directory);
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }
    data = "CIFAR-10";
    Console.WriteLine($"CIFAR-10 from {directory}: {Quantity.Of(train.Rows, "training image")} and {Quantity.Of(test.Rows, "test image")}.");
}
else
{
    Console.WriteLine("No --data folder given: training on synthetic 32×32×3 images (CIFAR-10 is not installable here).");
    data = "synthetic images";
    train = SyntheticImages.Generate(6000, seed: 1);
    test = SyntheticImages.Generate(1000, seed: 2);
}
if (trainRows < train.Rows) train = train.Take(0, trainRows);
if (testRows < test.Rows) test = test.Take(0, testRows);
SubtractPixelMean(train, test);

var model = new ResNet20V1(seed: 1671);
model.UseDevice(device);
Console.WriteLine(model.Summary());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ResNet20V1.ParameterCount = {ResNet20V1.ParameterCount:N0}"));
var clock = Stopwatch.StartNew();
var history = model.Fit(train.Features, train.Labels, new FitOptions
{
    Epochs = epochs,
    BatchSize = batchSize,
    Optimizer = new Adam(),
    Callbacks = [new LearningRateScheduler((epoch, _) => KerasExampleLearningRate(epoch))],
    Verbose = Verbosity.OneLinePerEpoch,
});
var result = model.Evaluate(test.Features, test.Labels);
double perEpoch = history.EpochSeconds.Order().ElementAt(history.Epochs / 2);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ResNet-20 v1 on {data}: test accuracy {Percent.Of(result.Accuracy)} after {Quantity.Of(history.Epochs, "epoch")} of {Quantity.Of(train.Rows, "image")}, {perEpoch:0.0} s/epoch (median), {train.Rows / perEpoch:0} samples/s, {clock.Elapsed.TotalSeconds:0} s in all"));
return 0;

// The example's lr_schedule (of the zero-based epoch): Adam's 1e-3, × 0.1 past epoch 80, × 0.01 past 120, × 0.001 past
// 160, × 0.0005 past 180.
static float KerasExampleLearningRate(int epoch) =>
    epoch > 180 ? 0.5e-6f : epoch > 160 ? 1e-6f : epoch > 120 ? 1e-5f : epoch > 80 ? 1e-4f : 1e-3f;

// The example's subtract_pixel_mean: every value less its mean over the training images, test images too.
static void SubtractPixelMean(LabeledData train, LabeledData test)
{
    var mean = new double[train.FeatureSize];
    for (int row = 0; row < train.Rows; row++)
        for (int i = 0; i < mean.Length; i++) mean[i] += train.Features[row * train.FeatureSize + i];
    for (int i = 0; i < mean.Length; i++) mean[i] /= train.Rows;
    foreach (var set in new[] { train, test })
        for (int row = 0; row < set.Rows; row++)
            for (int i = 0; i < mean.Length; i++) set.Features[row * set.FeatureSize + i] -= (float)mean[i];
}
