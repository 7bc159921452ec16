// A small ResNet with augmentation on Fashion-MNIST that beats the tutorial convnet (samples/FashionCnn).
//   dotnet run -c Release --project samples/FashionResNet -- [--epochs N] [--batch-size N] [--train-rows N]
// peer/compare.sh trains the same network with PyTorch in the same run and prints both results side by side.
using System.Diagnostics;
using System.Globalization;
using NeuralDsl;

int epochs = 1, batchSize = 128, trainRows = int.MaxValue, testRows = int.MaxValue;
int? exit = new CommandLine("FashionResNet [options]", "A small ResNet with augmentation on Fashion-MNIST (92.25 % test accuracy after 20 epochs here).")
    .Value("--epochs", "N", "epochs to train (default 1; 20 for the README's figure)", v => epochs = CommandLine.PositiveInt(v))
    .Value("--batch-size", "N", "rows per step (default 128)", v => batchSize = CommandLine.PositiveInt(v))
    .Value("--train-rows", "N", "use only the first N training rows (default all 60000)", v => trainRows = CommandLine.PositiveInt(v))
    .Value("--test-rows", "N", "evaluate on the first N test rows only (default all 10000)", v => testRows = CommandLine.PositiveInt(v))
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
if (testRows < test.Rows) test = test.Take(0, testRows);

var model = new FashionResNet(seed: 1671);
model.UseDevice(device);
Console.WriteLine(model.Summary());
var clock = Stopwatch.StartNew();
var history = model.Fit(train.Features, train.Labels, new FitOptions
{
    Epochs = epochs,
    BatchSize = batchSize,
    Optimizer = new Adam(),
    Callbacks = [new LearningRateScheduler((epoch, _) => LearningRate(epoch, epochs))],
    Verbose = Verbosity.ProgressBar,
});
var result = model.Evaluate(test.Features, test.Labels);
double perEpoch = history.EpochSeconds.Order().ElementAt(history.Epochs / 2);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"NeuralDsl: test accuracy {Percent.Of(result.Accuracy)} after {Quantity.Of(history.Epochs, "epoch")}, {perEpoch:0.0} s/epoch (median), {train.Rows / perEpoch:0} samples/s, {clock.Elapsed.TotalSeconds:0} s in all"));
return 0;

// Adam's 1e-3, a tenth of it for the last quarter of the epochs (none when fewer than 4): the settling the last
// few tenths of a percent need. peer/fashion_resnet_torch.py uses the same schedule.
static float LearningRate(int epoch, int epochs) => epoch < epochs - epochs / 4 ? 1e-3f : 1e-4f;

/// <summary>
/// Augmentation (flips, shifts of up to 10 %: 2.8 pixels), a stem, three stages of one residual block each (16, 32 and
/// 64 filters at 28×28, 14×14 and 7×7; the later two halve the size with a strided convolution and bring their input
/// along through a strided 1×1 projection), global average pooling and softmax. Convolutions followed by
/// BatchNormalization have no bias: its beta takes the bias's place.
/// </summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(28, 28, 1, Name = "image")]
[RandomFlip(Flip.Horizontal)]
[RandomTranslation(0.1, 0.1, FillMode = FillMode.Constant, Interpolation = Interpolation.Nearest)] // whole pixels, black border
[Conv2D(16, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization]
[Activation(Activation.Relu, Name = "stem")]
// stage 1: 28×28×16, identity shortcut
[Conv2D(16, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization]
[Activation(Activation.Relu)]
[Conv2D(16, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization]
[Add("stem")]
[Activation(Activation.Relu, Name = "stage1")]
// stage 2: 14×14×32, projection shortcut
[Conv2D(32, 3, Strides = 2, Padding = Padding.Same, UseBias = false)]
[BatchNormalization]
[Activation(Activation.Relu)]
[Conv2D(32, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization(Name = "stage2_residual")]
[Conv2D(32, 1, Strides = 2, From = "stage1", Name = "stage2_shortcut")]
[Add("stage2_residual")]
[Activation(Activation.Relu, Name = "stage2")]
// stage 3: 7×7×64, projection shortcut
[Conv2D(64, 3, Strides = 2, Padding = Padding.Same, UseBias = false)]
[BatchNormalization]
[Activation(Activation.Relu)]
[Conv2D(64, 3, Padding = Padding.Same, UseBias = false)]
[BatchNormalization(Name = "stage3_residual")]
[Conv2D(64, 1, Strides = 2, From = "stage2", Name = "stage3_shortcut")]
[Add("stage3_residual")]
[Activation(Activation.Relu)]
[GlobalAveragePooling2D]
[Dense(10, Activation.Softmax)]
public partial class FashionResNet;
