// Classifies Fashion-MNIST images with weights the main job saved, as a NativeAOT binary would in production:
//   dotnet run -c Release --project samples/FashionMnistExperiments -- --only Adam --save models
//   dotnet publish samples/Classify -c Release -r linux-x64
//   samples/Classify/bin/Release/net9.0/linux-x64/publish/Classify --weights models/adam.safetensors \
//       /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz --rows 5 --top 3
using Classify;
using FashionMnistExperiments;
using NeuralDsl;

var options = new Options();
int? exit = new CommandLine(
        "Classify --weights FILE [options] INPUT",
        "Classifies Fashion-MNIST images (an IDX file, raw or .gz) or rows of 784 pixel values in [0, 1] (a CSV file) with a network the main job trained: one line per row with the class, its name and its probability.")
    .Positional("INPUT", v => options.Input = CommandLine.Path(v))
    .Value("--weights", "FILE", "the .safetensors file FashionMnistExperiments --save wrote (required)", v => options.Weights = CommandLine.Path(v))
    .Value("--model", "NAME", "the network the weights belong to: hidden (two hidden layers: variants two hidden, dropout, RMSprop, Adam; default) or simple", v => options.Model = Options.ParseModel(v))
    .Value("--top", "K", $"print the K most probable classes of each row (default 1, at most {Options.Classes})",
        v => options.Top = CommandLine.PositiveInt(v, Options.Classes, $"the {Options.Classes} classes"))
    .Value("--rows", "N", "classify only the first N rows (every row, with a note, when INPUT has fewer)", v => options.Rows = CommandLine.PositiveInt(v))
    .Value("--labels", "FILE", "an IDX label file for INPUT: prints the accuracy at the end", v => options.Labels = CommandLine.Path(v))
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
    model.LoadWeights(Inputs.NotADirectory(options.Weights), allowOtherModel: true);
    float[] x = Inputs.Read(options.Input, model.Info.InputSize, options.Rows, Console.Error);
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
        byte[] labels = Idx.ReadLabels(Inputs.NotADirectory(labelsPath));
        if (labels.Length < rows)
            throw new InvalidDataException($"{labelsPath} has {Quantity.Of(labels.Length, "label")} for {Quantity.Of(rows, "row")} of {options.Input}.");
        int right = 0;
        for (int r = 0; r < rows; r++) right += Report.ArgMax(probabilities.AsSpan(r * Options.Classes, Options.Classes)) == labels[r] ? 1 : 0;
        Console.WriteLine($"accuracy {Percent.Of((double)right / rows)} ({right} of {Quantity.Of(rows, "row")})");
    }
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException or ArgumentException)
{
    // A missing or mismatched file, or rows the network cannot classify (a NaN input, outputs that are not finite):
    // the message names the file or the row and what is wrong with it; no stack trace.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
