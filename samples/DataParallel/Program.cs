// Data-parallel training on MPI: the tutorial's Adam MLP (or the Fashion CNN) on Fashion-MNIST, every rank computing its
// share of each batch, one all-reduce of the gradients per step.
//   mpirun --allow-run-as-root -np 2 dotnet run -c Release --project samples/DataParallel [-- options]
//   (without mpirun it trains alone, as a world of one process)
using System.Diagnostics;
using System.Globalization;
using NeuralDsl;

string modelName = "mlp";
int epochs = 3, batchSize = 128, trainRows = 0;
string? save = null;
bool progress = true;
int? exit = new CommandLine("DataParallel [options]",
        "Trains on Fashion-MNIST data-parallel across the ranks mpirun started; prints each epoch's step time split into compute and all-reduce.")
    .Value("--model", "NAME", "mlp (the tutorial's Adam MLP, 101,770 parameters; default) or cnn (samples/FashionCnn's network)", v => modelName = v is "mlp" or "cnn" ? v : throw new ArgumentException("is not mlp or cnn"))
    .Value("--epochs", "N", "epochs to train (default 3)", v => epochs = CommandLine.PositiveInt(v))
    .Value("--batch-size", "N", "the global batch, split between the ranks (default 128)", v => batchSize = CommandLine.PositiveInt(v))
    .Value("--train-rows", "N", "train on the first N training images only (default all 60 000)", v => trainRows = CommandLine.PositiveInt(v))
    .Value("--save", "FILE", "rank 0 saves the trained weights there", v => save = CommandLine.Path(v))
    .Flag("--no-progress", "print one line per epoch instead of a progress bar", () => progress = false)
    .Parse(args);
if (exit is int code) return code;

using var world = MpiWorld.Initialize();
// Only rank 0 talks (Fit prints on rank 0 only; this sample's own lines likewise); errors still reach stderr.
if (!world.IsRoot) Console.SetOut(TextWriter.Null);
var output = Console.Out;
output.WriteLine($"{Quantity.Of(world.Size, "rank")}{(world.UsesMpi ? " (MPI)" : " (not started by mpirun: training alone)")}, {Quantity.Of(Environment.ProcessorCount, "core")} visible to each");
if (SampleDevice.FromEnvironment() is not { } device) return 2;
if (!FashionMnist.IsAvailable())
{
    Console.Error.WriteLine("Fashion-MNIST is not installed: sudo apt-get install dataset-fashion-mnist");
    return 1;
}
var (train, test) = FashionMnist.Load();
if (trainRows > 0 && trainRows < train.Rows) train = train.Take(0, trainRows);

// Every rank passes the whole training set: Fit takes each rank's share of every global batch itself.
SequentialModel model = modelName == "cnn" ? new FashionCnn(seed: 1671) : new FashionMlp(seed: 1671);
model.UseDevice(device);
output.WriteLine($"{model.Name}: {model.Info.ParameterCount:N0} parameters, {model.Info.ParameterCount * 4 / 1000.0:0} KB of gradients all-reduced per step; global batch {batchSize}, about {Quantity.Of(batchSize / world.Size, "row")} per rank");
var timer = new StepTimer(world);
var clock = Stopwatch.StartNew();
var history = model.Fit(train.Features, train.Labels, new FitOptions
{
    Epochs = epochs,
    BatchSize = batchSize,
    ValidationSplit = 0.2f,
    Optimizer = new Adam(),
    Verbose = progress ? Verbosity.ProgressBar : Verbosity.OneLinePerEpoch,
    Callbacks = [timer],
    DataParallel = world,
});
double fitSeconds = clock.Elapsed.TotalSeconds;

for (int epoch = 0; epoch < timer.Epochs.Count; epoch++)
{
    var (steps, stepSeconds, reduceSeconds) = timer.Epochs[epoch];
    // Rank 0's split, and the range of the compute time over the ranks (its spread is what the others wait for).
    var computeRange = new[] { stepSeconds - reduceSeconds, reduceSeconds - stepSeconds };
    world.AllReduceMax(computeRange);
    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"epoch {epoch + 1}: {Quantity.Of(steps, "step")}, {1000 * stepSeconds / steps:0.00} ms/step = compute {1000 * (stepSeconds - reduceSeconds) / steps:0.00} ms + all-reduce {1000 * reduceSeconds / steps:0.00} ms (waiting for the slowest rank included); compute over the ranks {-1000 * computeRange[1] / steps:0.00}–{1000 * computeRange[0] / steps:0.00} ms"));
}

// The all-reduce alone, with no compute to wait for: what the wire and the MPI stack cost for this buffer.
var buffer = new float[model.Info.ParameterCount + 34];
for (int i = 0; i < 5; i++) world.AllReduceSum(buffer);
world.Barrier();
const int Repeats = 50;
var reduceClock = Stopwatch.StartNew();
for (int i = 0; i < Repeats; i++) world.AllReduceSum(buffer);
double reduceMs = reduceClock.Elapsed.TotalMilliseconds / Repeats;
if (world.Size > 1)
    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"all-reduce of {buffer.Length * 4 / 1000.0:0} KB alone: {reduceMs:0.000} ms ({buffer.Length * 4 * 2.0 * (world.Size - 1) / world.Size / (reduceMs / 1000) / 1e9:0.00} GB/s moved per rank, ring model)"));

// Every rank holds the same weights: compare with rank 0's.
var rootParameters = model.Parameters.ToArray();
world.Broadcast(rootParameters);
var differs = new double[] { model.Parameters.SequenceEqual(rootParameters) ? 0 : 1 };
world.AllReduceMax(differs);
output.WriteLine(differs[0] == 0 ? "parameters bit-identical on every rank" : "PARAMETERS DIFFER BETWEEN RANKS");

// The test set split between the ranks (Shard), the sums added up: every rank evaluates 1/Size of it.
var mine = world.Shard(test);
var evaluation = model.Evaluate(mine.Features, mine.Labels);
var sums = new double[] { evaluation.Loss * (double)mine.Rows, evaluation.Accuracy * (double)mine.Rows, mine.Rows };
world.AllReduceSum(sums);
output.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"test accuracy {Percent.Of(sums[1] / sums[2])}, loss {sums[0] / sums[2]:0.0000}, train accuracy {Percent.Of(history.Accuracy[^1])} after {Quantity.Of(history.Epochs, "epoch")}; Fit took {fitSeconds:0.0} s on {Quantity.Of(world.Size, "rank")}"));
if (save is not null && world.IsRoot)
{
    model.Save(save);
    output.WriteLine($"saved {save}");
}
return differs[0] == 0 ? 0 : 1;

/// <summary>The tutorial's network with Adam (one hidden layer of 128, dropout 0.3): 101,770 parameters.</summary>
[Model(Loss = Loss.CategoricalCrossentropy)]
[Input(784)]
[Dense(128, Activation.Relu)]
[Dropout(0.3)]
[Dense(10, Activation.Softmax)]
public partial class FashionMlp;

/// <summary>samples/FashionCnn's network: two convolution + max-pooling blocks, a hidden layer with dropout, softmax.</summary>
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
