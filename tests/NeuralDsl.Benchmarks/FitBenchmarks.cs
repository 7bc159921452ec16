using BenchmarkDotNet.Attributes;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// One training epoch of the tutorial models on the CPU backend (Adam, batch 128, shuffled, the main job's
/// settings), on real Fashion-MNIST pixels when the Debian package is installed: the number to compare before
/// and after a change to the model base, the training loop or the generated passes.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 9)]
[MedianColumn]
[MemoryDiagnoser]
public class FitBenchmarks
{
    public const int MlpRows = 12_000, CnnRows = 2_048, BatchSize = 128, Classes = 10;

    private TutorialMlp _mlp = null!;
    private TutorialCnn _cnn = null!;
    private float[] _mlpX = [], _cnnX = [];
    private int[] _mlpLabels = [], _cnnLabels = [];

    [GlobalSetup]
    public void Setup()
    {
        _mlpX = Data.Pixels(MlpRows, 784, out _);
        _mlpLabels = Data.Labels(MlpRows, Classes, 31);
        _cnnX = _mlpX.AsSpan(0, CnnRows * 784).ToArray();
        _cnnLabels = _mlpLabels.AsSpan(0, CnnRows).ToArray();
        _mlp = new TutorialMlp(seed: 1671);
        _cnn = new TutorialCnn(seed: 1671);
        // Workspaces and optimizer moments are allocated here, not in the timed epochs.
        _mlp.Fit(_mlpX, _mlpLabels, Options());
        _cnn.Fit(_cnnX, _cnnLabels, Options());
    }

    /// <summary>Tutorial MLP 784-128-128-10 with dropout: one epoch over 12 000 rows.</summary>
    [Benchmark]
    public History MlpEpoch() => _mlp.Fit(_mlpX, _mlpLabels, Options());

    /// <summary>Tutorial CNN conv32-pool-conv64-pool-dense128-dropout-softmax: one epoch over 2 048 rows.</summary>
    [Benchmark]
    public History CnnEpoch() => _cnn.Fit(_cnnX, _cnnLabels, Options());

    private static FitOptions Options() => new()
    {
        Epochs = 1,
        BatchSize = BatchSize,
        Optimizer = new Adam(),
        Verbose = Verbosity.Silent,
        Shuffle = true,
    };
}
