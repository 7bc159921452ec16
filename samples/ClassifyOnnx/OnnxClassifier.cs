using System.Globalization;
using Classify;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ClassifyOnnx;

/// <summary>
/// An ONNX model as <c>Classify --export-onnx</c> writes it, in ONNX Runtime: one float input <c>input</c> of shape
/// <c>[N, …]</c> and one output <c>output</c> of shape <c>[N, 10]</c>, the probabilities of Fashion-MNIST's classes. A file
/// that is not such a model is refused when opened, naming the file and what differs.
/// </summary>
internal sealed class OnnxClassifier : IDisposable
{
    private const string InputName = "input", OutputName = "output";

    private readonly string _path;
    private readonly InferenceSession _session;
    private readonly int[] _rowShape;

    private OnnxClassifier(string path, InferenceSession session, int[] rowShape)
    {
        _path = path;
        _session = session;
        _rowShape = rowShape;
    }

    /// <summary>Values per row of the input (784 for a 28×28 image, whether the model takes it flat or as an image).</summary>
    public int InputSize => _rowShape.Aggregate(1, (a, b) => a * b);

    public static OnnxClassifier Open(string path)
    {
        if (!File.Exists(Inputs.NotADirectory(path))) throw new FileNotFoundException($"{path} does not exist.", path);
        InferenceSession session;
        try
        {
            session = new InferenceSession(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{path} is not a model ONNX Runtime can load ({e.Message.Trim()}).", e);
        }
        try
        {
            int[] rowShape = RowShape(path, session.InputMetadata, InputName, "input");
            int[] outputShape = RowShape(path, session.OutputMetadata, OutputName, "output");
            if (outputShape is not [Report.Classes])
            {
                throw new InvalidDataException(
                    $"{path}: output '{OutputName}' has rows of shape [{string.Join(", ", outputShape)}]; ClassifyOnnx reports the {Report.Classes} Fashion-MNIST classes (rows of shape [{Report.Classes}]).");
            }
            return new OnnxClassifier(path, session, rowShape);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The probabilities of each row of <paramref name="x"/> (<see cref="InputSize"/> values a row), row after row;
    /// outputs that are not finite are refused, naming the row, as Predict does.</summary>
    public float[] Predict(float[] x)
    {
        int rows = x.Length / InputSize;
        var input = new DenseTensor<float>(x, [rows, .. _rowShape]);
        using var results = _session.Run([NamedOnnxValue.CreateFromTensor(InputName, input)], [OutputName]);
        float[] probabilities = results[0].AsTensor<float>().ToArray();
        for (int i = 0; i < probabilities.Length; i++)
        {
            if (!float.IsFinite(probabilities[i]))
            {
                throw new ArgumentException(
                    $"{_path}: the outputs of row {i / Report.Classes} are not finite (output {i % Report.Classes} is " +
                    $"{probabilities[i].ToString(CultureInfo.InvariantCulture)}): the activations overflowed the float range. Scale the inputs as the training data was (to [0, 1], say).");
            }
        }
        return probabilities;
    }

    public void Dispose() => _session.Dispose();

    /// <summary>The shape of one row of the float tensor <paramref name="name"/>, which must be the model's only
    /// <paramref name="what"/> and have a symbolic first (batch) dimension.</summary>
    private static int[] RowShape(string path, IReadOnlyDictionary<string, NodeMetadata> metadata, string name, string what)
    {
        if (metadata.Count != 1 || !metadata.TryGetValue(name, out var node))
        {
            throw new InvalidDataException(
                $"{path} has {what}s {string.Join(", ", metadata.Keys.Select(k => $"'{k}'"))}; a model Classify --export-onnx wrote has one, '{name}'.");
        }
        if (node.ElementType != typeof(float) || node.Dimensions is not [< 0, .. var row] || row.Any(d => d <= 0))
        {
            throw new InvalidDataException(
                $"{path}: {what} '{name}' is {node.ElementType.Name} [{string.Join(", ", node.Dimensions.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture)))}]; " +
                "a model Classify --export-onnx wrote has floats of shape [N, …] (N rows, any number).");
        }
        return row;
    }
}
