// What a user's program does with the package: declare a model, train it a few steps, save, load, predict.
//   Consumer train DIR    trains on synthetic data, saves DIR/model.safetensors, loads it into a new instance and
//                         writes that instance's predictions to DIR/predictions-train.txt
//   Consumer predict DIR  loads DIR/model.safetensors and writes DIR/predictions-predict.txt (the NativeAOT binary
//                         runs this; run.sh compares the two files)
// Both also export the loaded model as DIR/model-MODE.onnx.
using System.Globalization;
using NeuralDsl;

if (args is not [var mode and ("train" or "predict"), var folder])
{
    Console.Error.WriteLine("usage: Consumer train|predict FOLDER");
    return 2;
}

const int rows = 64;
var (x, labels) = Blobs(rows);
string weights = Path.Combine(folder, "model.safetensors");
if (mode == "train")
{
    var model = new ConsumerMlp(seed: 7);
    History history = model.Fit(x, labels, new FitOptions { Epochs = 5, BatchSize = 16, Optimizer = new Adam(0.01f), Verbose = Verbosity.Silent });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"loss {history.Loss[0]:0.0000} -> {history.Loss[^1]:0.0000}"));
    model.Save(weights);
}
var loaded = ConsumerMlp.Load(weights);
float[] probabilities = loaded.Predict(x);
File.WriteAllLines(Path.Combine(folder, $"predictions-{mode}.txt"), probabilities.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
// The allocation-free typed overload agrees with the batch one.
var firstRow = new ConsumerMlp.InputVector();
x.AsSpan(0, ConsumerMlp.InputSize).CopyTo(firstRow);
ConsumerMlp.OutputVector typed = loaded.Predict(firstRow);
for (int j = 0; j < ConsumerMlp.OutputSize; j++)
{
    if (Math.Abs(typed[j] - probabilities[j]) > 1e-6f)
    {
        Console.Error.WriteLine($"typed Predict gives {typed[j]} for output {j} of row 0, batch Predict {probabilities[j]}");
        return 1;
    }
}
// ONNX export under NativeAOT too (Google.Protobuf's writer must publish without trim warnings).
string onnx = Path.Combine(folder, $"model-{mode}.onnx");
loaded.ExportOnnx(onnx);
if (new FileInfo(onnx).Length < 100)
{
    Console.Error.WriteLine($"ExportOnnx wrote {new FileInfo(onnx).Length} bytes");
    return 1;
}
Console.WriteLine($"{mode}: {probabilities.Length / ConsumerMlp.OutputSize} rows predicted by {ConsumerMlp.ParameterCount} parameters");
return 0;

// Three Gaussian blobs in four dimensions, one per class.
static (float[] X, int[] Labels) Blobs(int count)
{
    var random = new Random(11);
    var x = new float[count * ConsumerMlp.InputSize];
    var labels = new int[count];
    for (int r = 0; r < count; r++)
    {
        labels[r] = r % ConsumerMlp.OutputSize;
        for (int i = 0; i < ConsumerMlp.InputSize; i++)
            x[r * ConsumerMlp.InputSize + i] = (i == labels[r] ? 2f : 0f) + (float)(random.NextDouble() - 0.5);
    }
    return (x, labels);
}

[Model(Loss = Loss.SparseCategoricalCrossentropy)]
[Input(4)]
[Dense(16, Activation.Relu)]
[Dense(3, Activation.Softmax)]
public partial class ConsumerMlp;
