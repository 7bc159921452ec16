using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NeuralDsl.Cpu;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// The element-wise kernels (written once over ISimd, run at the widest accelerated width) against the previous
/// hand-written Vector512 loops, at the tutorial MLP's sizes: a 128×128 activation and Adam over its 118 282 parameters.
/// With AVX-512 the ratio is the cost of the ISimd structs; without it, the gain over emulated Vector512.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ElementwiseBenchmarks
{
    private const int Activations = 128 * 128, Parameters = 118_282;
    private const float Alpha = 1e-3f, OneMinusBeta1 = 0.1f, OneMinusBeta2 = 1e-3f, Epsilon = 1e-7f;
    private float[] _z = [], _a = [], _g = [], _w = [], _dw = [], _m = [], _v = [];
    private readonly Adam _adam = new();

    [GlobalSetup]
    public void Setup()
    {
        _z = Data.Random(Activations, 4f, 0, 11);
        _a = new float[Activations];
        _g = Data.Random(Activations, 1f, 0, 12);
        _w = Data.Random(Parameters, 0.1f, 0, 13);
        _dw = Data.Random(Parameters, 0.01f, 0, 14);
        _m = new float[Parameters];
        _v = new float[Parameters];
        _adam.Update(_w, _dw); // allocates its moments
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Sigmoid forward 128x128")]
    public void SigmoidPrevious() => PreviousElementwise.SigmoidForward(_z, _a);

    [Benchmark, BenchmarkCategory("Sigmoid forward 128x128")]
    public void SigmoidNew() => ActivationMath.Forward<Sigmoid>(_z, _a);

    [Benchmark(Baseline = true), BenchmarkCategory("ReLU backward 128x128")]
    public void ReluBackwardPrevious() => PreviousElementwise.ReluBackward(_z, _g);

    [Benchmark, BenchmarkCategory("ReLU backward 128x128")]
    public void ReluBackwardNew() => ActivationMath.Backward<Relu>(_z, _g);

    [Benchmark(Baseline = true), BenchmarkCategory("Axpy 128x128")]
    public void AxpyPrevious() => PreviousElementwise.Axpy(0.5f, _z, _g);

    [Benchmark, BenchmarkCategory("Axpy 128x128")]
    public void AxpyNew() => VectorOps.Axpy(0.5f, _z, _g);

    [Benchmark(Baseline = true), BenchmarkCategory("Adam update 118282")]
    public void AdamPrevious() => PreviousElementwise.Adam(_w, _dw, _m, _v, Alpha, OneMinusBeta1, OneMinusBeta2, Epsilon);

    [Benchmark, BenchmarkCategory("Adam update 118282")]
    public void AdamNew() => _adam.Update(_w, _dw);
}
