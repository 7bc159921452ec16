// Runs the ONNX model Classify wrote in ONNX Runtime, on the inputs Classify reads, and prints what Classify prints:
//   dotnet run -c Release --project samples/Classify -- --weights models/adam.safetensors --export-onnx models/adam.onnx
//   dotnet run -c Release --project samples/ClassifyOnnx -- models/adam.onnx \
//       /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz --rows 5 --top 3
using Classify;
using ClassifyOnnx;

var classification = new Classification();
string model = "";
var commandLine = new CommandLine(
        "ClassifyOnnx [options] MODEL INPUT",
        "Classifies Fashion-MNIST images (an IDX file, raw or .gz) or rows of 784 pixel values in [0, 1] (a CSV file) in ONNX Runtime, with the ONNX model (MODEL) Classify --export-onnx wrote: the lines Classify prints for the same input.",
        picksDevice: false)
    .Positional("MODEL", v => model = CommandLine.Path(v));
classification.Declare(commandLine, inputRequired: true);
int? exit = commandLine.Parse(args);
if (exit is int code) return code;

try
{
    using var classifier = OnnxClassifier.Open(model);
    float[] x = classification.Read(classifier.InputSize);
    classification.Print(classifier.Predict(x), Console.Out);
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException or ArgumentException)
{
    // A missing or foreign file, inputs of another width, outputs that are not finite: one line naming the file or row.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
