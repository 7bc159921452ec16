// Logical operators, as in the TFLearn tutorial: OR, AND and NOT are each learnt by one sigmoid unit;
// XOR is not linearly separable, so one unit fails and a hidden layer is needed.
using System.Globalization;
using NeuralDsl;

if (new CommandLine("LogicGates", "OR, AND and NOT learnt by one sigmoid unit each; XOR needs a hidden layer.").Parse(args) is int exit) return exit;
if (SampleDevice.FromEnvironment() is not { } device) return 2;

float[] pairs = [0, 0, 0, 1, 1, 0, 1, 1];
int failures = 0;

failures += Train(new TwoInputGate(seed: 1), "OR", pairs, [0, 1, 1, 1]);
failures += Train(new TwoInputGate(seed: 1), "AND", pairs, [0, 0, 0, 1]);
failures += Train(new NotGate(seed: 1), "NOT", [0, 1], [1, 0]);

// One unit cannot separate XOR: it stays at or below 3 of 4 right.
var single = new TwoInputGate(seed: 1);
single.UseDevice(device);
single.Fit(pairs, [0f, 1, 1, 0], Options(1000, rows: 4, logEvery: 0));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"XOR with one sigmoid unit: accuracy {single.Evaluate(pairs, [0f, 1, 1, 0]).Accuracy:P0} (not learnable without a hidden layer)"));
Console.WriteLine("XOR with a hidden layer of 8 tanh units:");
failures += Train(new XorNetwork(seed: 3), "XOR", pairs, [0, 1, 1, 0]);
if (failures > 0) Console.Error.WriteLine($"{Quantity.Of(failures, "gate")} {(failures == 1 ? "was" : "were")} not learnt.");
return failures > 0 ? 1 : 0;

int Train(SequentialModel model, string name, float[] x, float[] y)
{
    model.UseDevice(device);
    Console.WriteLine($"--- {name} ---");
    model.Fit(x, y, Options(2000, rows: y.Length, logEvery: 500));
    float[] p = model.Predict(x);
    int inputs = model.Info.InputSize;
    for (int row = 0; row < y.Length; row++)
    {
        string input = string.Join(",", x.AsSpan(row * inputs, inputs).ToArray().Select(v => v.ToString(CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}[{input}] = {p[row]:0.00} (target {y[row]})"));
    }
    bool learnt = model.Evaluate(x, y).Accuracy == 1f;
    Console.WriteLine(learnt ? "learnt" : "NOT learnt");
    return learnt ? 0 : 1;
}

// TFLearn's per-step log line: step, total loss, time, optimizer, epoch, iteration.
static FitOptions Options(int epochs, int rows, int logEvery) => new()
{
    Epochs = epochs,
    BatchSize = 4,
    Shuffle = false,
    Optimizer = new Sgd(learningRate: 2.0f),
    Verbose = Verbosity.Silent,
    OnEpochEnd = log =>
    {
        if (logEvery > 0 && (log.Epoch + 1) % logEvery == 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Training Step: {log.Epoch + 1} | total loss: {log.Metrics["loss"]:0.00000} | time: {log.Seconds:0.000}s | SGD | epoch: {log.Epoch + 1:000} | loss: {log.Metrics["loss"]:0.00000} -- iter: {rows}/{rows}"));
        return true;
    },
};

/// <summary>One sigmoid unit on two inputs (OR, AND).</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(2)]
[Dense(1, Activation.Sigmoid)]
public partial class TwoInputGate;

/// <summary>One sigmoid unit on one input.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(1)]
[Dense(1, Activation.Sigmoid)]
public partial class NotGate;

/// <summary>XOR needs a hidden layer.</summary>
[Model(Loss = Loss.BinaryCrossentropy)]
[Input(2)]
[Dense(8, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNetwork;
