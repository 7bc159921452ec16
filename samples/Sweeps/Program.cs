// The sweeps of the tutorial's MNIST chapter, on Fashion-MNIST (same format: 28×28 grey images, 10 classes), with the
// dropout network (Dense(N) ReLU, Dropout(0.3) twice, Dense(10) softmax), validation split 0.2, seed 1671:
// Adam's learning rate at N = 128, the hidden units N, and the batch size at N = 128, each a grid search ranked by
// validation accuracy.
//   dotnet run -c Release --project samples/Sweeps -- [--sweep lr|units|batch|all] [--epochs 5] [--rows N]   (--help: all options)
using System.Diagnostics;
using System.Globalization;
using NeuralDsl;
using Sweeps;

var (parsed, exitCode) = Settings.Parse(args);
if (parsed is not { } settings) return exitCode;
if (SampleDevice.FromEnvironment() is not { } device) return 2;

if (!FashionMnist.IsAvailable(settings.DataDirectory))
{
    Console.Error.WriteLine($"Fashion-MNIST was not found in {settings.DataDirectory ?? FashionMnist.DefaultDirectory}.");
    Console.Error.WriteLine("Install it with: sudo apt-get install dataset-fashion-mnist (or pass --data DIR).");
    return 1;
}
var (train, test) = FashionMnist.Load(settings.DataDirectory);
if (settings.TrainRows is int limit && limit < train.Rows) train = train.Take(0, limit);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Fashion-MNIST: {Quantity.Of(train.Rows, "training row")} (20 % held out for validation), {Quantity.Of(test.Rows, "test row")}; {Quantity.Of(settings.Epochs, "epoch")} per trial, seed {settings.Seed}."));

const string Monitor = "val_accuracy";
var total = Stopwatch.StartNew();
foreach (string name in settings.Sweeps)
{
    var (title, space, hiddenUnits, batchSize, optimizer) = Sweep.Named(name);
    Console.WriteLine();
    Console.WriteLine($"== Sweep of {title}: {Quantity.Of(space.Combinations, "trial")}");
    var clock = Stopwatch.StartNew();
    // Kept so that the best trial's model can be evaluated on the test set afterwards (the widest has 1.9 M parameters).
    var models = new Dictionary<int, SequentialModel>();
    SearchResult result = HyperparameterSearch.Grid(space, trial =>
    {
        // One seed for every trial, as the tutorial: the trials differ only in the swept parameter.
        var network = DropoutModels.Create(hiddenUnits(trial), settings.Seed);
        network.UseDevice(device);
        models[trial.Index] = network;
        return network.Fit(train.Features, train.Labels, new FitOptions
        {
            Epochs = settings.Epochs,
            BatchSize = batchSize(trial),
            ValidationSplit = 0.2f,
            Optimizer = optimizer(trial),
            Verbose = Verbosity.Silent,
        });
    }, Monitor, progress: Console.Out);

    Console.WriteLine();
    Console.Write(result.ToTable());
    if (!result.TryGetBest(out var best))
    {
        Console.Error.WriteLine($"No trial of the {name} sweep has a score: each failed or logged only NaN (the table above says which).");
        return 1;
    }
    if (settings.ChartDirectory is { } charts)
    {
        Directory.CreateDirectory(charts);
        string scores = Path.Combine(charts, $"{name}-scores.svg"), curves = Path.Combine(charts, $"{name}-curves.svg");
        result.SaveChart(scores);
        result.Trials.Where(trial => !trial.Failed).Select(trial => new KeyValuePair<string, History>(trial.ToString(), trial.History!)).SaveChart(curves);
        Console.WriteLine($"Charts: {scores}, {curves}");
    }
    var evaluation = models[best.Index].Evaluate(test.Features, test.Labels);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Best: {best}, {Monitor} {Percent.Of(best.Score)} at epoch {best.BestEpoch + 1}; after its last epoch, test accuracy {Percent.Of(evaluation.Accuracy)}. ({clock.Elapsed.TotalSeconds:0} s)"));
}
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"All sweeps: {total.Elapsed.TotalSeconds:0} s."));
return 0;
