// The experiment table of the tutorial's MNIST chapter, on Fashion-MNIST (same format, 28×28 grey
// images, 10 classes): batch 128, validation split 0.2, N_HIDDEN 128, seed 1671.
//   dotnet run -c Release --project samples/FashionMnistExperiments -- --max-epochs 5 [--save DIR]   (--help: all options)
using System.Diagnostics;
using System.Globalization;
using FashionMnistExperiments;
using NeuralDsl;

var (parsed, exitCode) = Settings.Parse(args);
if (parsed is not { } settings) return exitCode;

Variant[] variants =
[
    new("simple", "Dense(10) softmax", "SGD", 200, "92.22 %", seed => new SimpleSoftmax(seed), () => new Sgd()),
    new("two hidden", "2×Dense(128) ReLU", "SGD", 20, "94.41 %", seed => new TwoHidden(seed), () => new Sgd()),
    new("dropout", "+ Dropout(0.3)", "SGD", 250, "97.7 %", seed => new TwoHiddenDropout(seed), () => new Sgd()),
    new("RMSprop", "+ Dropout(0.3)", "RMSprop", 20, "97.84 %", seed => new TwoHiddenDropout(seed), () => new RmsProp()),
    new("Adam", "+ Dropout(0.3)", "Adam", 20, "97.93 %", seed => new TwoHiddenDropout(seed), () => new Adam()),
];

if (settings.Only?.FirstOrDefault(name => !variants.Any(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase))) is { } unknown)
{
    Console.Error.WriteLine($"error: --only names no variant '{unknown}'; the variants are {string.Join(", ", variants.Select(v => v.Name))}.");
    return CommandLine.UsageError;
}
if (SampleDevice.FromEnvironment() is not { } device) return 2;

LabeledData train, test;
string dataName;
if (FashionMnist.IsAvailable(settings.DataDirectory))
{
    (train, test) = FashionMnist.Load(settings.DataDirectory);
    dataName = "Fashion-MNIST";
}
else
{
    Console.WriteLine($"Fashion-MNIST was not found in {settings.DataDirectory ?? FashionMnist.DefaultDirectory}.");
    Console.WriteLine("Install it with: sudo apt-get install dataset-fashion-mnist");
    Console.WriteLine("Running on small synthetic 28×28 images instead.");
    Console.WriteLine();
    train = SyntheticDigits.Generate(6000, seed: 1);
    test = SyntheticDigits.Generate(1000, seed: 2);
    dataName = "synthetic digits";
}
if (settings.TrainRows is int limit && limit < train.Rows) train = train.Take(0, limit);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{dataName}: {Quantity.Of(train.Rows, "training row")} (20 % held out for validation), {Quantity.Of(test.Rows, "test row")}; seed {settings.Seed}."));
Console.WriteLine();

// Folders made before training, so that a path that cannot be written fails now rather than after the last variant.
if (settings.SaveDirectory is { } saveDirectory) Directory.CreateDirectory(saveDirectory);
if (settings.ChartPath is { } chartPath && Path.GetDirectoryName(Path.GetFullPath(chartPath)) is { } chartDirectory)
    Directory.CreateDirectory(chartDirectory);

var rows = new List<string[]>();
var histories = new List<KeyValuePair<string, History>>();
foreach (var variant in variants)
{
    if (settings.Only is { } only && !only.Contains(variant.Name, StringComparer.OrdinalIgnoreCase)) continue;
    int epochs = Math.Min(variant.TutorialEpochs, settings.MaxEpochs);
    var model = variant.Create(settings.Seed);
    model.UseDevice(device);
    Console.WriteLine($"== {variant.Name}: {variant.Model}, {variant.Optimizer}, {Quantity.Of(epochs, "epoch")}");
    var callbacks = new List<Callback>();
    if (!settings.Verbose) callbacks.Add(new EpochProgress(epochs));
    EarlyStopping? stopping = null;
    if (settings.EarlyStoppingPatience is int patience)
        callbacks.Add(stopping = new EarlyStopping { Monitor = "val_loss", Patience = patience, RestoreBestWeights = true });
    string? variantLogs = settings.LogDirectory is { } logDirectory ? Path.Combine(logDirectory, Settings.FileStem(variant.Name)) : null;
    if (variantLogs is not null) callbacks.Add(new TensorBoardLogger(variantLogs));
    var clock = Stopwatch.StartNew();
    var history = model.Fit(train.Features, train.Labels, new FitOptions
    {
        Epochs = epochs,
        BatchSize = 128,
        ValidationSplit = 0.2f,
        Optimizer = variant.CreateOptimizer(),
        Verbose = settings.Verbose ? Verbosity.OneLinePerEpoch : Verbosity.Silent,
        Callbacks = callbacks,
    });
    histories.Add(new(variant.Name, history));
    if (stopping is { StoppedEpoch: >= 0 })
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   stopped early after epoch {stopping.StoppedEpoch + 1}; kept the weights of epoch {stopping.BestEpoch + 1} (val_loss {stopping.Best:0.0000})"));
    var result = model.Evaluate(test.Features, test.Labels);
    double secondsPerEpoch = Median(history.EpochSeconds);
    // The accuracies as the table prints them (Percent.Of), so the two always agree.
    string trainAccuracy = Percent.Of(history.Accuracy[Best(stopping, history)]), validationAccuracy = Percent.Of(history.ValAccuracy[Best(stopping, history)]),
        testAccuracy = Percent.Of(result.Accuracy);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"   train {trainAccuracy}  validation {validationAccuracy}  test {testAccuracy}  ({secondsPerEpoch:0.00} s/epoch, {clock.Elapsed.TotalSeconds:0} s)"));
    if (variantLogs is not null) Console.WriteLine($"   TensorBoard logs in {variantLogs}");
    if (settings.SaveDirectory is { } folder)
    {
        string path = Path.Combine(folder, Settings.FileStem(variant.Name) + ".safetensors");
        model.Save(path);
        Console.WriteLine($"   saved {path}");
    }
    rows.Add([
        variant.Name, variant.Model, variant.Optimizer,
        history.Epochs.ToString(CultureInfo.InvariantCulture),
        trainAccuracy, validationAccuracy, testAccuracy,
        secondsPerEpoch.ToString("0.00", CultureInfo.InvariantCulture),
        variant.TutorialAccuracy,
    ]);
}

if (settings.ChartPath is { } chart && histories.Count > 0)
{
    histories.SaveChart(chart);
    Console.WriteLine($"Curves of every variant: {chart}");
}
if (settings.LogDirectory is { } logs && histories.Count > 0)
    Console.WriteLine($"TensorBoard logs of every variant under {logs}: view them with tensorboard --logdir {(logs.Any(char.IsWhiteSpace) ? $"'{logs}'" : logs)}");

Console.WriteLine();
Console.WriteLine($"Results on {dataName} (the tutorial's column is its MNIST test accuracy):");
Console.WriteLine(Table.Format(
    ["variant", "model", "optimizer", "epochs", "train acc", "val acc", "test acc", "s/epoch", "tutorial (MNIST)"], rows));
return 0;

// The epoch whose weights the model ends with: the best one when early stopping restored it.
static int Best(EarlyStopping? stopping, History history) => stopping is { BestEpoch: >= 0 } ? stopping.BestEpoch : history.Epochs - 1;

static double Median(IReadOnlyList<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

internal sealed record Variant(
    string Name, string Model, string Optimizer, int TutorialEpochs, string TutorialAccuracy,
    Func<int, SequentialModel> Create, Func<Optimizer> CreateOptimizer);
