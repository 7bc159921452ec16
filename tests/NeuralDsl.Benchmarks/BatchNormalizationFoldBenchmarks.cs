using BenchmarkDotNet.Attributes;

namespace NeuralDsl.Benchmarks;

/// <summary>Batch-1 inference of a convolution + BatchNormalization stem against the same stem without BatchNormalization:
/// folded into the convolutions, BatchNormalization should cost nothing but the fold of the kernels.</summary>
[MemoryDiagnoser]
public class BatchNormalizationFoldBenchmarks
{
    private readonly ConvBatchNormStem _withBatchNorm = new(seed: 1);
    private readonly ConvStem _without = new(seed: 1);
    private readonly float[] _x = new float[ConvStem.InputSize];
    private readonly float[] _output = new float[ConvStem.OutputSize];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        for (int i = 0; i < _x.Length; i++) _x[i] = (float)random.NextDouble();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("conv stem, batch 1")]
    public void WithoutBatchNormalization() => _without.Predict(_x, _output);

    [Benchmark, BenchmarkCategory("conv stem, batch 1")]
    public void WithBatchNormalizationFolded() => _withBatchNorm.Predict(_x, _output);
}
