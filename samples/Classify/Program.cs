// Classifies Fashion-MNIST images with weights the main job saved, as a NativeAOT binary would in production:
//   dotnet run -c Release --project samples/FashionMnistExperiments -- --only Adam --save models
//   dotnet publish samples/Classify -c Release -r linux-x64
//   samples/Classify/bin/Release/net9.0/linux-x64/publish/Classify --weights models/adam.safetensors \
//       /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz --rows 5 --top 3
using System.Globalization;
using Classify;
using FashionMnistExperiments;
using NeuralDsl;

var options = new Options();
int? exit = new CommandLine(
        "Classify --weights FILE [options] INPUT",
        "Classifies Fashion-MNIST images (an IDX file, raw or .gz) or rows of 784 pixel values in [0, 1] (a CSV file) with a network the main job trained: one line per row with the class, its name and its probability.")
    .Positional("INPUT", v => options.Input = v)
    .Value("--weights", "FILE", "the .safetensors file FashionMnistExperiments --save wrote (required)", v => options.Weights = v)
    .Value("--model", "NAME", "the network the weights belong to: hidden (two hidden layers: variants two hidden, dropout, RMSprop, Adam; default) or simple", v => options.Model = Options.ParseModel(v))
    .Value("--top", "K", "print the K most probable classes of each row (default 1)", v => options.Top = Math.Min(CommandLine.PositiveInt(v), Options.Classes))
    .Value("--rows", "N", "classify only the first N rows", v => options.Rows = CommandLine.PositiveInt(v))
    .Value("--labels", "FILE", "an IDX label file for INPUT: prints the accuracy at the end", v => options.Labels = v)
    .Flag("--raw", "print every probability of every row at full precision instead (for comparing builds)", () => options.Raw = true)
    .Flag("--benchmark", "print timings instead of classes: start to first prediction, batch-1 latency, 10 000-row throughput", () => options.Benchmark = true)
    .Parse(args);
if (exit is int code) return code;
if (options.Weights is null)
{
    Console.Error.WriteLine("error: --weights FILE is required (FashionMnistExperiments --save DIR writes DIR/adam.safetensors and the others)");
    return CommandLine.UsageError;
}

try
{
    SequentialModel model = options.Model == Options.Network.Simple ? new SimpleSoftmax(seed: 0) : new TwoHidden(seed: 0);
    // The dropout variants (dropout, RMSprop, Adam) were trained as TwoHiddenDropout, which at inference is TwoHidden
    // with the same tensors: their files name the other model, which LoadWeights refuses unless told it is intended.
    model.LoadWeights(options.Weights, allowOtherModel: true);
    float[] x = Inputs.Read(options.Input, model.Info.InputSize, options.Rows);
    int rows = x.Length / model.Info.InputSize;
    if (options.Benchmark)
    {
        Benchmark.Run(model, x);
        return 0;
    }
    float[] probabilities = model.Predict(x);
    if (options.Raw) Report.PrintRaw(probabilities, Console.Out);
    else Report.Print(probabilities, rows, options.Top, Console.Out);
    if (options.Labels is { } labelsPath)
    {
        byte[] labels = Idx.ReadLabels(labelsPath);
        if (labels.Length < rows)
            throw new InvalidDataException($"{labelsPath} has {labels.Length} labels for {rows} rows of {options.Input}.");
        int right = 0;
        for (int r = 0; r < rows; r++) right += Report.ArgMax(probabilities.AsSpan(r * Options.Classes, Options.Classes)) == labels[r] ? 1 : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {(double)right / rows:P2} ({right} of {rows} rows)"));
    }
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException)
{
    // A missing or mismatched file: the message names the file and what is wrong with it; no stack trace.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
