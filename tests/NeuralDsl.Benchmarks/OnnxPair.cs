using System.Globalization;
using Microsoft.ML.OnnxRuntime;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// One network twice, on the same weights: the NeuralDsl model (seeded random weights) and ONNX Runtime running the file
/// its <c>ExportOnnx</c> wrote, for one batch size. ONNX Runtime runs with graph optimisations on (ORT_ENABLE_ALL),
/// sequential execution, inter-op 1, intra-op spinning off, and <c>RunWithBinding</c> over <see cref="OrtValue"/>s
/// that wrap this object's own input and output arrays (no copies, no allocation per run); one session per intra-op
/// thread count. The constructor checks that every engine's outputs equal <c>Predict</c>'s within 1e-5 (absolute, relative
/// above 1), so what is timed is the same computation. Used by <see cref="OnnxRuntimeComparisonBenchmarks"/> and by the
/// Stopwatch harness of Inference/SideBySide.
/// </summary>
public sealed class OnnxPair : IDisposable
{
    /// <summary>The networks compared, by the names the benchmarks and the harness print.</summary>
    public static readonly string[] Models = ["TutorialMlp", "KerasMnistConvnet", "ResNet20V1"];

    private const double Tolerance = 1e-5;

    private readonly float[] _x;
    private readonly float[] _output;
    private readonly RunOptions _runOptions = new();
    private readonly Dictionary<int, OrtEngine> _engines = [];

    public OnnxPair(string model, int rows, IEnumerable<int> ortThreads)
    {
        Name = model;
        Rows = rows;
        Model = Create(model);
        int inputSize = Model.Info.InputSize, outputSize = Model.Info.OutputSize;
        _x = new float[rows * inputSize];
        var random = new Random(7);
        for (int i = 0; i < _x.Length; i++) _x[i] = (float)random.NextDouble();
        _output = new float[rows * outputSize];

        string path = Path.Combine(Path.GetTempPath(), $"neuraldsl-ort-{model}-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        try
        {
            Model.ExportOnnx(path);
            long[] inputShape = [rows, .. Model.Info.InputShape.Select(d => (long)d)];
            foreach (int threads in ortThreads.Distinct())
                _engines[threads] = new OrtEngine(path, threads, _x, inputShape, [rows, outputSize]);
        }
        finally
        {
            File.Delete(path);
        }

        PredictNeuralDsl();
        foreach (var (threads, engine) in _engines)
        {
            engine.Run(_runOptions);
            Check(engine.Output, $"ONNX Runtime, {threads} intra-op thread(s)");
        }
    }

    public string Name { get; }

    public int Rows { get; }

    public SequentialModel Model { get; }

    public IReadOnlyCollection<int> OrtThreads => _engines.Keys;

    /// <summary>The NeuralDsl model with seed 1 (Glorot / He initial weights).</summary>
    public static SequentialModel Create(string model) => model switch
    {
        "TutorialMlp" => new TutorialMlp(seed: 1),
        "KerasMnistConvnet" => new EndToEnd.Tests.Models.KerasMnistConvnet(seed: 1),
        "ResNet20V1" => new Cifar10ResNet.ResNet20V1(seed: 1),
        _ => throw new ArgumentException($"unknown model {model}; known: {string.Join(", ", Models)}", nameof(model)),
    };

    /// <summary><c>Predict(x, destination)</c> on all rows: no allocation once warm.</summary>
    public void PredictNeuralDsl() => Model.Predict(_x, _output);

    /// <summary>One ONNX Runtime run on all rows with the session of <paramref name="threads"/> intra-op threads.</summary>
    public void RunOrt(int threads) => _engines[threads].Run(_runOptions);

    private void Check(float[] actual, string engine)
    {
        for (int i = 0; i < _output.Length; i++)
        {
            double allowed = Tolerance * Math.Max(1, Math.Abs(_output[i]));
            if (!(Math.Abs(_output[i] - actual[i]) <= allowed))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"{Name}, {Rows} rows: output {i} is {actual[i]} in {engine}, {_output[i]} in Predict; the comparison would not be of the same computation"));
        }
    }

    public void Dispose()
    {
        foreach (var engine in _engines.Values) engine.Dispose();
        _runOptions.Dispose();
    }

    private sealed class OrtEngine : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly OrtValue _input;
        private readonly OrtValue _outputValue;
        private readonly OrtIoBinding _binding;

        public OrtEngine(string path, int threads, float[] x, long[] inputShape, long[] outputShape)
        {
            using var options = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                IntraOpNumThreads = threads,
                InterOpNumThreads = 1,
            };
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            _session = new InferenceSession(path, options);
            Output = new float[outputShape.Aggregate(1L, (a, b) => a * b)];
            _input = OrtValue.CreateTensorValueFromMemory(x, inputShape);
            _outputValue = OrtValue.CreateTensorValueFromMemory(Output, outputShape);
            _binding = _session.CreateIoBinding();
            _binding.BindInput("input", _input);
            _binding.BindOutput("output", _outputValue);
        }

        public float[] Output { get; }

        public void Run(RunOptions options) => _session.RunWithBinding(options, _binding);

        public void Dispose()
        {
            _binding.Dispose();
            _outputValue.Dispose();
            _input.Dispose();
            _session.Dispose();
        }
    }
}
