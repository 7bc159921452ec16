// Transfer learning on Fashion-MNIST, as the Keras tutorial's last step: a convnet trained on five classes (clothes) lends
// its frozen convolutional base to a new head for the other five (shoes and bags), trained on a small set; then the base
// is unfrozen and the whole network fine-tuned with a lower learning rate. With --resnet (or --weights FILE), the same recipe
// on torchvision's ResNet-50 pretrained on ImageNet (ResNetTransfer.cs).
//   dotnet run -c Release --project samples/TransferLearning -- [--base-epochs N] [--small-rows N] ...
//   dotnet run -c Release --project samples/TransferLearning -- --weights resnet50.safetensors
using System.Diagnostics;
using System.Globalization;
using NeuralDsl;

int baseEpochs = 5, baseRows = 30000, smallRows = 1000, epochs = 10, fineTuneEpochs = 5, timingRows = 10000;
int resnetImages = 90, resnetTestImages = 60, resnetEpochs = 2;
string? saveBase = null, weights = null;
bool resnet = false;
int? exit = new CommandLine("TransferLearning [options]",
        "Trains a convnet on five Fashion-MNIST classes, reuses its frozen conv base under a new head for the other five " +
        "trained on a small set, compares it with the same network trained from scratch, then fine-tunes it unfrozen. " +
        "--resnet does the same with torchvision's ResNet-50 pretrained on ImageNet under a new head for three classes.")
    .Value("--base-epochs", "N", "epochs of the base network on the first five classes (default 5)", v => baseEpochs = CommandLine.PositiveInt(v))
    .Value("--base-rows", "N", "training images of the first five classes for the base (default 30000: all of them)", v => baseRows = CommandLine.PositiveInt(v))
    .Value("--small-rows", "N", "training images of the other five classes for the new head (default 1000)", v => smallRows = CommandLine.PositiveInt(v))
    .Value("--epochs", "N", "epochs of the new head, and of the same network from scratch (default 10)", v => epochs = CommandLine.PositiveInt(v))
    .Value("--fine-tune-epochs", "N", "epochs of fine-tuning with the base unfrozen (default 5)", v => fineTuneEpochs = CommandLine.PositiveInt(v))
    .Value("--timing-rows", "N", "images of the other five classes timed for one epoch, head only and whole network (default 10000)", v => timingRows = CommandLine.PositiveInt(v))
    .Value("--save-base", "PATH", "where to save the base network (default: a temporary file, deleted at the end)", v => saveBase = CommandLine.Path(v))
    .Flag("--resnet", "reuse torchvision's ResNet-50 instead: frozen through avgpool, a new head for three classes", () => resnet = true)
    .Value("--weights", "PATH", "ResNet-50's ImageNet weights, a state_dict as safetensors (implies --resnet; --resnet alone runs on random weights)", v => (weights, resnet) = (CommandLine.Path(v), true))
    .Value("--resnet-images", "N", "training images for the ResNet-50 head, resized to 224x224 (default 90)", v => resnetImages = CommandLine.PositiveInt(v))
    .Value("--resnet-test-images", "N", "test images for the ResNet-50 head (default 60)", v => resnetTestImages = CommandLine.PositiveInt(v))
    .Value("--resnet-epochs", "N", "epochs of the ResNet-50 head (default 2)", v => resnetEpochs = CommandLine.PositiveInt(v))
    .Parse(args);
if (exit is int code) return code;
if (SampleDevice.FromEnvironment() is not { } device) return 2;

if (!FashionMnist.IsAvailable())
{
    Console.Error.WriteLine("Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist");
    return 1;
}
if (resnet) return ResNetTransfer.Run(weights, resnetImages, resnetTestImages, resnetEpochs, device);
var (train, test) = FashionMnist.Load();
// Classes 0-4 (T-shirt/top, trouser, pullover, dress, coat) train the base; 5-9 (sandal, shirt, sneaker, bag, ankle boot)
// are the new task, each relabelled 0-4.
var (clothesTrain, _) = Classes(train, 0, baseRows);
var (shoesTrain, _) = Classes(train, 5, smallRows);
var (shoesTest, _) = Classes(test, 5, int.MaxValue);
var (timingSet, _) = Classes(train, 5, timingRows);
string path = saveBase ?? Path.Combine(Path.GetTempPath(), $"transfer-base-{Environment.ProcessId}.safetensors");

try
{
    var clock = Stopwatch.StartNew();
    Console.WriteLine($"1. Base network on classes 0-4: {Quantity.Of(clothesTrain.Rows, "image")}, {Quantity.Of(baseEpochs, "epoch")}");
    var clothes = new Clothes(seed: 1671);
    clothes.UseDevice(device);
    clothes.Fit(clothesTrain.Features, clothesTrain.Labels, Options(baseEpochs, new Adam()));
    clothes.Save(path);
    Console.WriteLine($"   saved to {path}");

    Console.WriteLine($"2. Its conv base, frozen, under a new head for classes 5-9: {Quantity.Of(shoesTrain.Rows, "image")}, {Quantity.Of(epochs, "epoch")}");
    var shoes = new Shoes(seed: 7);
    shoes.CopyWeightsFrom(Clothes.Load(path)); // typed: only a Clothes compiles here
    shoes.UseDevice(device);
    Console.WriteLine(shoes.Summary());
    shoes.Fit(shoesTrain.Features, shoesTrain.Labels, Options(epochs, new Adam()));
    var transfer = shoes.Evaluate(shoesTest.Features, shoesTest.Labels);

    Console.WriteLine($"3. The same network from scratch on the same {Quantity.Of(shoesTrain.Rows, "image")}, {Quantity.Of(epochs, "epoch")}");
    var scratch = new ShoesFromScratch(seed: 7);
    scratch.UseDevice(device);
    scratch.Fit(shoesTrain.Features, shoesTrain.Labels, Options(epochs, new Adam()));
    var fromScratch = scratch.Evaluate(shoesTest.Features, shoesTest.Labels);

    Console.WriteLine($"4. Fine-tuning: the base unfrozen, Adam(1e-4), {Quantity.Of(fineTuneEpochs, "epoch")}");
    shoes.SetTrainable("conv_1", true);
    shoes.SetTrainable("conv_2", true);
    shoes.Fit(shoesTrain.Features, shoesTrain.Labels, Options(fineTuneEpochs, new Adam(learningRate: 1e-4f)));
    var fineTuned = shoes.Evaluate(shoesTest.Features, shoesTest.Labels);

    Console.WriteLine($"5. Timing: epochs over {Quantity.Of(timingSet.Rows, "image")} with the base frozen, then unfrozen");
    var timed = new Shoes(seed: 7);
    timed.CopyWeightsFrom(clothes);
    timed.UseDevice(device);
    double headOnly = timed.Fit(timingSet.Features, timingSet.Labels, Options(2, new Adam())).EpochSeconds.Min();
    timed.SetTrainable("conv_1", true);
    timed.SetTrainable("conv_2", true);
    double full = timed.Fit(timingSet.Features, timingSet.Labels, Options(2, new Adam(learningRate: 1e-4f))).EpochSeconds.Min();

    Console.WriteLine();
    Console.WriteLine($"Test accuracy on classes 5-9 ({Quantity.Of(shoesTest.Rows, "image")}), trained on {shoesTrain.Rows}:");
    Console.WriteLine(Text($"  transfer (frozen base, new head): {Percent.Of(transfer.Accuracy)}"));
    Console.WriteLine(Text($"  same network from scratch:        {Percent.Of(fromScratch.Accuracy)}"));
    Console.WriteLine(Text($"  transfer after fine-tuning:       {Percent.Of(fineTuned.Accuracy)}"));
    Console.WriteLine(Text($"One epoch over {Quantity.Of(timingSet.Rows, "image")}: head only {headOnly:0.00} s, whole network {full:0.00} s ({full / headOnly:0.0}x faster frozen; best of 2)"));
    Console.WriteLine(Text($"{clock.Elapsed.TotalSeconds:0} s in all"));
    return 0;
}
finally
{
    if (saveBase is null) File.Delete(path);
}

static FitOptions Options(int epochs, Optimizer optimizer) => new()
{
    Epochs = epochs,
    BatchSize = 64,
    Optimizer = optimizer,
    Verbose = Verbosity.Silent,
};

// The rows of five classes from the first, relabelled 0-4, at most `limit` of them.
static (LabeledData Data, int Count) Classes(LabeledData data, int first, int limit)
{
    var rows = Enumerable.Range(0, data.Rows).Where(r => data.Labels[r] >= first && data.Labels[r] < first + 5).Take(limit).ToArray();
    int size = data.FeatureSize;
    var features = new float[rows.Length * size];
    var labels = new int[rows.Length];
    for (int i = 0; i < rows.Length; i++)
    {
        data.Features.AsSpan(rows[i] * size, size).CopyTo(features.AsSpan(i * size, size));
        labels[i] = data.Labels[rows[i]] - first;
    }
    return (new LabeledData(features, labels, size), rows.Length);
}

static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

/// <summary>The base: two convolution + pooling blocks, a hidden layer, five classes.</summary>
[Model(Loss = Loss.SparseCategoricalCrossentropy)]
[Input(28, 28, 1)]
[Conv2D(16, 3, Activation.Relu, Name = "conv_1")]
[MaxPooling2D(2)]
[Conv2D(32, 3, Activation.Relu, Name = "conv_2")]
[MaxPooling2D(2)]
[Flatten]
[Dense(64, Activation.Relu)]
[Dense(5, Activation.Softmax)]
public partial class Clothes;

/// <summary>Clothes's conv base through Flatten, frozen, under a new head.</summary>
[Model(Loss = Loss.SparseCategoricalCrossentropy)]
[Reuse(typeof(Clothes), Through = "flatten", Trainable = false)]
[Dense(64, Activation.Relu, Name = "head_hidden")]
[Dense(5, Activation.Softmax, Name = "head_output")]
public partial class Shoes;

/// <summary>The same architecture, every layer trainable and freshly initialised.</summary>
[Model(Loss = Loss.SparseCategoricalCrossentropy)]
[Reuse(typeof(Clothes), Through = "flatten")]
[Dense(64, Activation.Relu, Name = "head_hidden")]
[Dense(5, Activation.Softmax, Name = "head_output")]
public partial class ShoesFromScratch;
