// torchvision's ResNet-50, shipped in NeuralDsl as NeuralDsl.Applications.ResNet50, loads ImageNet weights saved from
// PyTorch and predicts one image (a Fashion-MNIST test image made into ImageNet input): the top 5 of the 1000 ImageNet
// classes, and the time of one prediction (batch 1). Published with NativeAOT by measure.sh.
//   ResNet50Predict --weights resnet50.safetensors [--image N] [--repeat N]
using System.Diagnostics;
using System.Globalization;
using NeuralDsl;
using NeuralDsl.Applications;

string? weights = null;
int image = 0, repeat = 10;
int? exit = new CommandLine("ResNet50Predict [options]",
        "Loads ResNet-50's ImageNet weights (torchvision's state_dict as safetensors) and predicts one Fashion-MNIST test image " +
        "resized to 224x224: the top 5 ImageNet classes and the batch-1 latency.")
    .Value("--weights", "PATH", "ResNet-50's weights, a state_dict as safetensors (default: random weights)", v => weights = CommandLine.Path(v))
    .Value("--image", "N", "the Fashion-MNIST test image to predict (default 0)", v => image = CommandLine.Int(v) is >= 0 and var n ? n : throw new ArgumentException("must be at least 0"))
    .Value("--repeat", "N", "predictions timed after the first; the median is reported (default 10)", v => repeat = CommandLine.PositiveInt(v))
    .Parse(args);
if (exit is int code) return code;
if (!FashionMnist.IsAvailable())
{
    Console.Error.WriteLine("Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist");
    return 1;
}

var clock = Stopwatch.StartNew();
var model = new ResNet50(seed: 1);
if (weights is null)
{
    Console.WriteLine("No --weights given: random weights.");
    Console.WriteLine(ResNet50Weights.WhereToGet);
}
else if (ResNet50Weights.Load(model, weights, newHead: null) is not { } report)
{
    return 1;
}
else
{
    Console.WriteLine(Text($"{weights}: {report.Loaded.Count} tensors loaded in {clock.Elapsed.TotalMilliseconds:0} ms"));
}

var (_, test) = FashionMnist.Load();
if (image >= test.Rows)
{
    Console.Error.WriteLine($"error: --image {image}: the test set has {test.Rows} images (0 to {test.Rows - 1})");
    return 2;
}
float[] x = ImageNetInput.FromGrayscale(test.Features.AsSpan(image * test.FeatureSize, test.FeatureSize), side: 28, count: 1);
var probabilities = new float[ResNet50.OutputSize];
var first = Stopwatch.StartNew();
model.Predict(x, probabilities);
double firstMs = first.Elapsed.TotalMilliseconds;
var times = new double[repeat];
for (int i = 0; i < repeat; i++)
{
    var one = Stopwatch.StartNew();
    model.Predict(x, probabilities);
    times[i] = one.Elapsed.TotalMilliseconds;
}
Array.Sort(times);

Console.WriteLine($"Fashion-MNIST test image {image} ({FashionMnist.ClassNames[test.Labels[image]]}), top 5 ImageNet classes:");
foreach (int c in Enumerable.Range(0, probabilities.Length).OrderByDescending(c => probabilities[c]).Take(5))
    Console.WriteLine(Text($"  {c,4}: {Percent.Of(probabilities[c])}"));
Console.WriteLine(Text($"batch-1 latency: {times[repeat / 2]:0.0} ms (median of {repeat}; the first prediction {firstMs:0} ms); {clock.Elapsed.TotalSeconds:0.0} s from start"));
return 0;

static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
