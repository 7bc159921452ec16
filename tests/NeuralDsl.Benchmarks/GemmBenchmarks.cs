using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NeuralDsl.Cpu;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// The three products of the MNIST MLP (784→128→128→10) at batch 128, new kernels against the previous
/// axpy/dot kernels (the baseline) and a naive triple loop. "1 thread" pins the new kernels to the
/// calling thread; the default may split a product across the cores.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GemmBenchmarks
{
    private const int Batch = 128, Inputs = 784, Hidden = 128;
    private float[] _x = [], _w1 = [], _h = [], _w2 = [], _dz = [], _out1 = [], _grad1 = [], _dx1 = [], _dx2 = [];

    [GlobalSetup]
    public void Setup()
    {
        _x = Data.Pixels(Batch, Inputs, out _);
        _w1 = Data.Random(Inputs * Hidden, 0.08f, 0, 1);
        _h = Data.Random(Batch * Hidden, 1f, 0.5, 2);     // a hidden activation after ReLU
        _w2 = Data.Random(Hidden * Hidden, 0.15f, 0, 3);
        _dz = Data.Random(Batch * Hidden, 0.01f, 0.5, 4); // dL/dz behind a ReLU: half zeros
        _out1 = new float[Batch * Hidden];
        _grad1 = new float[Inputs * Hidden];
        _dx1 = new float[Batch * Inputs];
        _dx2 = new float[Batch * Hidden];
    }

    [GlobalCleanup]
    public void Cleanup() => Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount;

    // ---- Nn: forward of the first layer, x[128×784]·W[784×128] ----

    [Benchmark(Baseline = true), BenchmarkCategory("Nn 128x784x128")]
    public void NnPrevious() => Baseline.AxpyNn(_x, _w1, _out1, Batch, Inputs, Hidden);

    [Benchmark, BenchmarkCategory("Nn 128x784x128")]
    public void NnNaive() => Baseline.NaiveNn(_x, _w1, _out1, Batch, Inputs, Hidden);

    [Benchmark, BenchmarkCategory("Nn 128x784x128")]
    public void NnNew1Thread() { Gemm.MaxDegreeOfParallelism = 1; Gemm.Nn(_x, _w1, _out1, Batch, Inputs, Hidden); }

    [Benchmark, BenchmarkCategory("Nn 128x784x128")]
    public void NnNew() { Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount; Gemm.Nn(_x, _w1, _out1, Batch, Inputs, Hidden); }

    // ---- Tn: weight gradient of the first layer, x[128×784]ᵀ·dz[128×128] ----

    [Benchmark(Baseline = true), BenchmarkCategory("Tn 128x784x128")]
    public void TnPrevious() => Baseline.AxpyTn(_x, _dz, _grad1, Batch, Inputs, Hidden);

    [Benchmark, BenchmarkCategory("Tn 128x784x128")]
    public void TnNaive() => Baseline.NaiveTn(_x, _dz, _grad1, Batch, Inputs, Hidden);

    [Benchmark, BenchmarkCategory("Tn 128x784x128")]
    public void TnNew1Thread() { Gemm.MaxDegreeOfParallelism = 1; Gemm.Tn(_x, _dz, _grad1, Batch, Inputs, Hidden); }

    [Benchmark, BenchmarkCategory("Tn 128x784x128")]
    public void TnNew() { Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount; Gemm.Tn(_x, _dz, _grad1, Batch, Inputs, Hidden); }

    // ---- Nt: input gradient at the first layer's width, dz[128×128]·W[784×128]ᵀ ----

    [Benchmark(Baseline = true), BenchmarkCategory("Nt 128x784x128")]
    public void NtPrevious() => Baseline.DotNt(_dz, _w1, _dx1, Batch, Inputs, Hidden);

    [Benchmark, BenchmarkCategory("Nt 128x784x128")]
    public void NtNaive() => Baseline.NaiveNt(_dz, _w1, _dx1, Batch, Inputs, Hidden);

    [Benchmark, BenchmarkCategory("Nt 128x784x128")]
    public void NtNew1Thread() { Gemm.MaxDegreeOfParallelism = 1; Gemm.Nt(_dz, _w1, _dx1, Batch, Inputs, Hidden); }

    [Benchmark, BenchmarkCategory("Nt 128x784x128")]
    public void NtNew() { Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount; Gemm.Nt(_dz, _w1, _dx1, Batch, Inputs, Hidden); }

    // ---- Nt: input gradient of the second layer, dz[128×128]·W[128×128]ᵀ ----

    [Benchmark(Baseline = true), BenchmarkCategory("Nt 128x128x128")]
    public void Nt2Previous() => Baseline.DotNt(_dz, _w2, _dx2, Batch, Hidden, Hidden);

    [Benchmark, BenchmarkCategory("Nt 128x128x128")]
    public void Nt2Naive() => Baseline.NaiveNt(_dz, _w2, _dx2, Batch, Hidden, Hidden);

    [Benchmark, BenchmarkCategory("Nt 128x128x128")]
    public void Nt2New1Thread() { Gemm.MaxDegreeOfParallelism = 1; Gemm.Nt(_dz, _w2, _dx2, Batch, Hidden, Hidden); }

    [Benchmark, BenchmarkCategory("Nt 128x128x128")]
    public void Nt2New() { Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount; Gemm.Nt(_dz, _w2, _dx2, Batch, Hidden, Hidden); }
}

/// <summary>One dense layer's forward (bias + ReLU) and backward (kernel, bias and input gradients).</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DenseBenchmarks
{
    private const int Batch = 128, Inputs = 784, Hidden = 128;
    private float[] _x = [], _w1 = [], _b1 = [], _h = [], _w2 = [], _b2 = [], _y1 = [], _y2 = [], _dz = [], _dw1 = [], _db1 = [], _dw2 = [], _db2 = [], _dx2 = [];

    [GlobalSetup]
    public void Setup()
    {
        _x = Data.Pixels(Batch, Inputs, out _);
        _w1 = Data.Random(Inputs * Hidden, 0.08f, 0, 1);
        _b1 = Data.Random(Hidden, 0.1f, 0, 5);
        _h = Data.Random(Batch * Hidden, 1f, 0.5, 2);
        _w2 = Data.Random(Hidden * Hidden, 0.15f, 0, 3);
        _b2 = Data.Random(Hidden, 0.1f, 0, 6);
        _dz = Data.Random(Batch * Hidden, 0.01f, 0.5, 4);
        _y1 = new float[Batch * Hidden];
        _y2 = new float[Batch * Hidden];
        _dw1 = new float[Inputs * Hidden];
        _db1 = new float[Hidden];
        _dw2 = new float[Hidden * Hidden];
        _db2 = new float[Hidden];
        _dx2 = new float[Batch * Hidden];
    }

    [GlobalCleanup]
    public void Cleanup() => Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount;

    [Benchmark(Baseline = true), BenchmarkCategory("Dense 784→128 relu fwd+bwd")]
    public void FirstLayerPrevious()
    {
        Baseline.DenseForwardRelu(_x, _w1, _b1, _y1, Batch, Inputs, Hidden);
        Baseline.DenseBackward(_x, _dz, _w1, _dw1, _db1, default, Batch, Inputs, Hidden);
    }

    [Benchmark, BenchmarkCategory("Dense 784→128 relu fwd+bwd")]
    public void FirstLayerNew1Thread()
    {
        Gemm.MaxDegreeOfParallelism = 1;
        DenseMath.Forward<Relu>(_x, _w1, _b1, _y1, Batch, Inputs, Hidden);
        DenseMath.Backward(_x, _dz, _w1, _dw1, _db1, default, Batch, Inputs, Hidden);
    }

    [Benchmark, BenchmarkCategory("Dense 784→128 relu fwd+bwd")]
    public void FirstLayerNew()
    {
        Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount;
        DenseMath.Forward<Relu>(_x, _w1, _b1, _y1, Batch, Inputs, Hidden);
        DenseMath.Backward(_x, _dz, _w1, _dw1, _db1, default, Batch, Inputs, Hidden);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Dense 128→128 relu fwd+bwd")]
    public void HiddenLayerPrevious()
    {
        Baseline.DenseForwardRelu(_h, _w2, _b2, _y2, Batch, Hidden, Hidden);
        Baseline.DenseBackward(_h, _dz, _w2, _dw2, _db2, _dx2, Batch, Hidden, Hidden);
    }

    [Benchmark, BenchmarkCategory("Dense 128→128 relu fwd+bwd")]
    public void HiddenLayerNew1Thread()
    {
        Gemm.MaxDegreeOfParallelism = 1;
        DenseMath.Forward<Relu>(_h, _w2, _b2, _y2, Batch, Hidden, Hidden);
        DenseMath.Backward(_h, _dz, _w2, _dw2, _db2, _dx2, Batch, Hidden, Hidden);
    }

    [Benchmark, BenchmarkCategory("Dense 128→128 relu fwd+bwd")]
    public void HiddenLayerNew()
    {
        Gemm.MaxDegreeOfParallelism = Environment.ProcessorCount;
        DenseMath.Forward<Relu>(_h, _w2, _b2, _y2, Batch, Hidden, Hidden);
        DenseMath.Backward(_h, _dz, _w2, _dw2, _db2, _dx2, Batch, Hidden, Hidden);
    }
}
