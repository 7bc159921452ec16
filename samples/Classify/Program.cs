// Classifies Fashion-MNIST images with weights the main job saved, as a NativeAOT binary would in production:
//   dotnet run -c Release --project samples/FashionMnistExperiments -- --only Adam --save models
//   dotnet publish samples/Classify -c Release -r linux-x64
//   samples/Classify/bin/Release/net9.0/linux-x64/publish/Classify --weights models/adam.safetensors \
//       /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz --rows 5 --top 3
// or writes the network as an ONNX model, which samples/ClassifyOnnx runs in ONNX Runtime:
//   dotnet run -c Release --project samples/Classify -- --weights models/adam.safetensors --export-onnx models/adam.onnx
using Classify;
using FashionMnistExperiments;
using NeuralDsl;

var options = new Options();
var classification = options.Classification;
var commandLine = new CommandLine(
    "Classify --weights FILE [options] INPUT, or Classify --weights FILE [--model NAME] --export-onnx PATH",
    "Classifies Fashion-MNIST images (an IDX file, raw or .gz) or rows of 784 pixel values in [0, 1] (a CSV file) with a network the main job trained: one line per row with the class, its name and its probability. With --export-onnx it writes the network as an ONNX model instead, for ClassifyOnnx (ONNX Runtime).");
commandLine
    .Value("--weights", "FILE", "the .safetensors file FashionMnistExperiments --save wrote (required)", v => options.Weights = CommandLine.Path(v))
    .Value("--model", "NAME", "the network the weights belong to: hidden (two hidden layers: variants two hidden, dropout, RMSprop, Adam; default) or simple", v => options.Model = Options.ParseModel(v));
classification.Declare(commandLine, inputRequired: false)
    .Flag("--benchmark", "print timings instead of classes: start to first prediction, batch-1 latency, 10 000-row throughput", () => options.Benchmark = true)
    .Value("--export-onnx", "PATH", "write the network with its weights as an ONNX model to PATH (ending in .onnx) and exit, classifying nothing (no INPUT): ClassifyOnnx PATH INPUT runs it",
        v => options.ExportOnnx = Options.OnnxPath(v));
int? exit = commandLine.Parse(args);
if (exit is int code) return code;
if (options.Weights is null)
{
    Console.Error.WriteLine("error: --weights FILE is required (FashionMnistExperiments --save DIR writes DIR/adam.safetensors and the others)");
    return CommandLine.UsageError;
}
if (options.ExportOnnx is not null && classification.Input is { } input)
    return commandLine.Error($"--export-onnx PATH writes the model and classifies nothing: INPUT '{input}' has no use with it");
if (options.ExportOnnx is null && classification.Input is null) return commandLine.Error("missing INPUT (or --export-onnx PATH)");

try
{
    SequentialModel model = options.Model == Options.Network.Simple ? new SimpleSoftmax(seed: 0) : new TwoHidden(seed: 0);
    // The dropout variants (dropout, RMSprop, Adam) were trained as TwoHiddenDropout, which at inference is TwoHidden
    // with the same tensors: their files name the other model, which LoadWeights refuses unless told it is intended.
    model.LoadWeights(Inputs.NotADirectory(options.Weights), allowOtherModel: true);
    if (options.ExportOnnx is { } onnx)
    {
        model.ExportOnnx(Inputs.NotADirectory(onnx));
        Console.WriteLine($"wrote {onnx}: {model.Info.Name} with the weights of {options.Weights}, ONNX opset 17, " +
            $"input 'input' [N, {model.Info.InputSize}], output 'output' [N, {model.Info.OutputSize}] (probabilities)");
        return 0;
    }
    float[] x = classification.Read(model.Info.InputSize);
    if (options.Benchmark)
    {
        Benchmark.Run(model, x);
        return 0;
    }
    classification.Print(model.Predict(x), Console.Out);
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException or ArgumentException)
{
    // A missing or mismatched file, or rows the network cannot classify (a NaN input, outputs that are not finite):
    // the message names the file or the row and what is wrong with it; no stack trace.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
