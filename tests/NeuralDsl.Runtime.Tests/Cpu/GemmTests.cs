using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class GemmTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int m in TestMath.Sizes)
            foreach (int k in TestMath.Sizes)
                foreach (int n in TestMath.Sizes)
                    if ((m + k + n) % 3 == 0 || m == n || k == 1) data.Add(m, k, n);
        data.Add(128, 784, 128); // the MNIST MLP's first layer at batch 128 (split across threads)
        data.Add(64, 50, 10);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Nn_matches_the_naive_product(int m, int k, int n)
    {
        float[] a = TestMath.Random(m * k, m * 31 + k, zeros: 0.4), b = TestMath.Random(k * n, k * 17 + n, zeros: 0.2);
        var c = new float[m * n];
        c.AsSpan().Fill(float.NaN); // every value must be overwritten

        Gemm.Nn(a, b, c, m, k, n);

        TestMath.AssertProduct(TestMath.NaiveNn(a, b, m, k, n), c, a, b, k, "Nn");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Tn_matches_the_naive_product(int m, int k, int n)
    {
        float[] a = TestMath.Random(m * k, m * 13 + k, zeros: 0.5), b = TestMath.Random(m * n, n * 7 + m, zeros: 0.3);
        var c = new float[k * n];
        c.AsSpan().Fill(float.NaN);

        Gemm.Tn(a, b, c, m, k, n);

        TestMath.AssertProduct(TestMath.NaiveTn(a, b, m, k, n), c, a, b, m, "Tn");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Nt_matches_the_naive_product(int m, int k, int n)
    {
        float[] a = TestMath.Random(m * n, m * 5 + n, zeros: 0.5), b = TestMath.Random(k * n, k * 3 + n, zeros: 0.1);
        var c = new float[m * k];
        c.AsSpan().Fill(float.NaN);

        Gemm.Nt(a, b, c, m, k, n);

        TestMath.AssertProduct(TestMath.NaiveNt(a, b, m, k, n), c, a, b, n, "Nt");
    }

    /// <summary>Every path (by name: the enum is internal) on this hardware (the ones it lacks emulated), on sizes around each tile: one row, the
    /// remainder rows of the 6-, 8- and 16-row tiles (16 + 1 and 16 + 9: a one-row and a two-part second half), and columns
    /// past the 2-, 8-, 16- and 32-wide panels.</summary>
    public static TheoryData<string, int, int, int> PathsAndShapes()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (string path in Enum.GetNames<GemmPath>())
        {
            data.Add(path, 1, 1, 1);
            data.Add(path, 1, 9, 47);
            data.Add(path, 5, 40, 3);
            data.Add(path, 7, 17, 33);
            data.Add(path, 13, 3, 17);
            data.Add(path, 20, 31, 70);
            data.Add(path, 17, 12, 16);
            data.Add(path, 25, 9, 10);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    public void Every_path_matches_the_naive_products(string pathName, int m, int k, int n)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        float[] a = TestMath.Random(m * k, 1, zeros: 0.3), b = TestMath.Random(k * n, 2), g = TestMath.Random(m * n, 3);
        var nn = new float[m * n];
        var tn = new float[k * n];
        var nt = new float[m * k];
        nn.AsSpan().Fill(float.NaN);
        tn.AsSpan().Fill(float.NaN);
        nt.AsSpan().Fill(float.NaN);

        GemmEngine.Nn<Linear>(a, b, default, nn, m, k, n, path);
        GemmEngine.Tn(a, g, tn, m, k, n, path);
        GemmEngine.Nt(g, b, nt, m, k, n, path);

        TestMath.AssertProduct(TestMath.NaiveNn(a, b, m, k, n), nn, a, b, k, "Nn");
        TestMath.AssertProduct(TestMath.NaiveTn(a, g, m, k, n), tn, a, g, m, "Tn");
        TestMath.AssertProduct(TestMath.NaiveNt(g, b, m, k, n), nt, g, b, n, "Nt");
    }

    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    public void Every_path_fuses_bias_and_activation(string pathName, int m, int k, int n)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        float[] a = TestMath.Random(m * k, 4), b = TestMath.Random(k * n, 5), bias = TestMath.Random(n, 6);
        double[] z = TestMath.NaiveNn(a, b, m, k, n);
        for (int i = 0; i < z.Length; i++) z[i] += bias[i % n];
        var c = new float[m * n];

        GemmEngine.Nn<Relu>(a, b, bias, c, m, k, n, path);

        TestMath.AssertProduct([.. z.Select(v => Math.Max(v, 0))], c, a, b, k + 1, "relu");
    }

    /// <summary>A residual added in the epilogue (an Add fused into a product): the bits of the product, then the sum, then
    /// the activation, with and without a scale, on every tile (cut by the bottom and the right edge included).</summary>
    [Theory]
    [MemberData(nameof(PathsAndShapes))]
    public void Every_path_adds_a_residual_before_the_activation(string pathName, int m, int k, int n)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        float[] a = TestMath.Random(m * k, 7), b = TestMath.Random(k * n, 8), bias = TestMath.Random(n, 9), scale = TestMath.Random(n, 10, 0.5f, 2f);
        float[] residual = TestMath.Random(m * n, 11, -2f, 2f);
        foreach (float[] factors in new[] { Array.Empty<float>(), scale })
        {
            var expected = new float[m * n];
            GemmEngine.Nn<Linear>(a, b, bias, expected, m, k, n, path, factors);
            VectorOps.Add(expected, residual, expected);
            ActivationMath.Forward<Relu>(expected, expected);
            var c = new float[m * n];
            c.AsSpan().Fill(float.NaN);

            GemmEngine.Nn<Relu>(a, b, bias, c, m, k, n, path, factors, residual);

            Assert.Equal(expected, c);
        }
    }

    /// <summary>Fewer rows than <see cref="GemmEngine.FewRows"/> skip packing (one prediction); they must give what the
    /// same rows give inside a batch, bias and activation included.</summary>
    [Theory]
    [InlineData(1, 784, 128)]
    [InlineData(3, 37, 10)]
    [InlineData(2, 5, 33)]
    public void A_few_rows_give_what_they_give_in_a_batch(int few, int k, int n)
    {
        const int batch = 16;
        float[] a = TestMath.Random(batch * k, 8, zeros: 0.3), b = TestMath.Random(k * n, 9), bias = TestMath.Random(n, 10);
        var inBatch = new float[batch * n];
        var alone = new float[few * n];

        GemmEngine.Nn<Sigmoid>(a, b, bias, inBatch, batch, k, n);
        GemmEngine.Nn<Sigmoid>(a.AsSpan(0, few * k), b, bias, alone, few, k, n);

        Assert.True(few < GemmEngine.FewRows && batch >= GemmEngine.FewRows);
        for (int i = 0; i < alone.Length; i++)
            Assert.True(Math.Abs(alone[i] - inBatch[i]) <= 1e-6f, $"value {i}: {alone[i]} alone, {inBatch[i]} in a batch of {batch}");
    }

    /// <summary>The same multiply-adds in the same order: without a transcendental activation (whose vector and scalar forms
    /// may round differently), a row alone gives the bits it gives in a batch, whichever column blocks and partial
    /// vectors its width makes.</summary>
    [Theory]
    [InlineData(1, 784, 128)]
    [InlineData(3, 1600, 10)]
    [InlineData(2, 37, 33)]
    [InlineData(3, 5, 200)]
    [InlineData(1, 64, 7)]
    public void A_few_rows_give_the_bits_they_give_in_a_batch(int few, int k, int n)
    {
        const int batch = 16;
        float[] a = TestMath.Random(batch * k, 18, zeros: 0.3), b = TestMath.Random(k * n, 19), bias = TestMath.Random(n, 20);
        var inBatch = new float[batch * n];
        var alone = new float[few * n];

        GemmEngine.Nn<Relu>(a, b, bias, inBatch, batch, k, n);
        GemmEngine.Nn<Relu>(a.AsSpan(0, few * k), b, bias, alone, few, k, n);

        Assert.Equal(inBatch.AsSpan(0, few * n).ToArray(), alone);
    }

    /// <summary>A weight gradient's long reduction (every position of a batch): every path gives the bits of one
    /// multiply-add chain per output in increasing p, whatever the tiles and threads.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void A_long_reduction_in_blocks_gives_the_bits_of_one_chain(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        const int m = 805, k = 13, n = 64; // cᵀ[k×n] over m rows: depth m
        float[] a = TestMath.Random(m * k, 61, zeros: 0.2), b = TestMath.Random(m * n, 62);
        var c = new float[k * n];

        GemmEngine.Tn(a, b, c, m, k, n, path);

        // The AVX-512 tiles fuse even where they are emulated (Vector512.FusedMultiplyAdd); the others where the hardware can.
        bool fused = path is GemmPath.Avx512 or GemmPath.Avx512Narrow || SimdDispatch.HasFusedMultiplyAdd;
        for (int i = 0; i < k; i++)
            for (int j = 0; j < n; j++)
            {
                float chain = 0f;
                for (int p = 0; p < m; p++)
                    chain = fused ? MathF.FusedMultiplyAdd(a[p * k + i], b[p * n + j], chain) : a[p * k + i] * b[p * n + j] + chain;
                Assert.True(chain == c[i * n + j], $"c[{i}, {j}] = {c[i * n + j]}, one chain gives {chain}");
            }
    }

    [Fact]
    public void The_fastest_path_is_the_widest_the_hardware_runs_and_follows_the_runtime_settings()
    {
        var expected = Vector512.IsHardwareAccelerated ? GemmPath.Avx512
            : Vector256.IsHardwareAccelerated && Fma.IsSupported ? GemmPath.Avx2
            : Vector128.IsHardwareAccelerated ? GemmPath.Vector128
            : GemmPath.Scalar;

        Assert.Equal(expected, GemmEngine.FastestPath);
        // Run by InstructionSetTests with these switches: the paths they turn off are not taken.
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0") Assert.Equal(GemmPath.Scalar, GemmEngine.FastestPath);
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0") Assert.True(GemmEngine.FastestPath is GemmPath.Vector128 or GemmPath.Scalar);
        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0") Assert.NotEqual(GemmPath.Avx512, GemmEngine.FastestPath);
    }

    public static TheoryData<string> Paths() => new(Enum.GetNames<GemmPath>());

    [Theory]
    [MemberData(nameof(Paths))]
    public void Results_do_not_depend_on_the_number_of_threads(string pathName)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        const int m = 130, k = 800, n = 130; // 13.5 M multiply-adds: above the threshold for splitting
        float[] a = TestMath.Random(m * k, 8, zeros: 0.5), b = TestMath.Random(k * n, 9), g = TestMath.Random(m * n, 10);
        float[] Run(int threads)
        {
            var result = new float[m * n + k * n + m * k];
            int saved = Gemm.MaxDegreeOfParallelism;
            Gemm.MaxDegreeOfParallelism = threads;
            try
            {
                GemmEngine.Nn<Linear>(a, b, default, result.AsSpan(0, m * n), m, k, n, path);
                GemmEngine.Tn(a, g, result.AsSpan(m * n, k * n), m, k, n, path);
                GemmEngine.Nt(g, b, result.AsSpan(m * n + k * n, m * k), m, k, n, path);
            }
            finally
            {
                Gemm.MaxDegreeOfParallelism = saved;
            }
            return result;
        }

        float[] serial = Run(1), parallel = Run(4);

        Assert.Equal(serial, parallel); // bit for bit
        Assert.Contains(serial, v => v != 0f);
    }

    [Fact]
    public void Too_small_buffers_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Nn(new float[5], new float[6], new float[4], 2, 3, 2));
        Assert.Contains("need 6, 6, 4", ex.Message);
        Assert.Throws<ArgumentException>(() => Gemm.Tn(new float[6], new float[4], new float[5], 2, 3, 2));
        Assert.Throws<ArgumentException>(() => Gemm.Nt(new float[4], new float[6], new float[5], 2, 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxDegreeOfParallelism = 0);
    }
}
