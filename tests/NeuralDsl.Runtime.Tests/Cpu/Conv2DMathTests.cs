using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class Conv2DMathTests
{
    // height, width, channels, kernel height, kernel width, stride, same, filters, rows, bias
    public static TheoryData<int, int, int, int, int, int, bool, int, int, bool> Geometries => new()
    {
        { 6, 6, 1, 3, 3, 1, false, 1, 1, true },
        { 6, 6, 1, 3, 3, 1, false, 1, 1, false },
        { 7, 5, 3, 3, 3, 1, true, 4, 3, true },
        { 7, 5, 3, 3, 3, 1, true, 4, 3, false },
        { 9, 8, 1, 3, 3, 2, true, 4, 3, true },
        { 9, 7, 3, 2, 3, 2, false, 4, 1, false },
        { 5, 6, 3, 3, 2, 1, true, 1, 3, true },
        { 8, 7, 3, 1, 1, 1, false, 4, 3, true },   // 1×1: no im2col
        { 8, 7, 3, 1, 1, 2, false, 4, 1, false },
        { 10, 9, 2, 5, 5, 2, true, 3, 2, true },
        { 4, 3, 1, 5, 5, 1, true, 1, 1, true },    // window larger than the image (same)
        { 11, 11, 2, 4, 4, 3, true, 4, 3, false }, // even window, stride 3: more padding at the bottom / right
    };

    private static Window2D Window(int h, int w, int c, int kh, int kw, int stride, bool same) =>
        Window2D.Create(h, w, c, kh, kw, stride, stride, same);

    /// <summary>A columns buffer of exactly the advertised length, full of NaN so that stale reads show.</summary>
    private static float[] Columns(Window2D window, int rows)
    {
        var columns = new float[Conv2DMath.ColumnsLength(window, rows)];
        columns.AsSpan().Fill(float.NaN);
        return columns;
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_matches_a_direct_convolution(int h, int w, int c, int kh, int kw, int stride, bool same, int filters, int rows, bool withBias)
    {
        Window2D window = Window(h, w, c, kh, kw, stride, same);
        float[] x = TestMath.Random(rows * window.InputSize, 41), kernel = TestMath.Random(kh * kw * c * filters, 42, -0.5f, 0.5f);
        float[] bias = withBias ? TestMath.Random(filters, 43) : [];
        double[] z = ConvReference.Forward(x, kernel, bias, rows, window, filters);
        var output = new float[rows * window.OutputPositions * filters];
        output.AsSpan().Fill(float.NaN);

        Conv2DMath.Forward<Linear>(x, kernel, bias, output, Columns(window, rows), rows, window, filters);
        TestMath.AssertProduct(z, output, x, kernel, kh * kw * c + 1, "linear");

        Conv2DMath.Forward<Relu>(x, kernel, bias, output, Columns(window, rows), rows, window, filters);
        TestMath.AssertProduct(z.Select(v => Math.Max(v, 0)).ToArray(), output, x, kernel, kh * kw * c + 1, "relu");

        Conv2DMath.Forward<Tanh>(x, kernel, bias, output, Columns(window, rows), rows, window, filters);
        TestMath.AssertClose(z.Select(Math.Tanh).ToArray(), output, 1e-4, 1e-5, "tanh");
    }

    /// <summary>A BatchNormalization folded into the epilogue: each sum scaled per filter, then shifted (the pointwise
    /// geometries run the matrix product's tiles, the others the direct convolution's).</summary>
    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_scaled_matches_the_convolution_scaled_and_shifted_per_filter(int h, int w, int c, int kh, int kw, int stride, bool same,
        int filters, int rows, bool withBias)
    {
        _ = withBias;
        Window2D window = Window(h, w, c, kh, kw, stride, same);
        float[] x = TestMath.Random(rows * window.InputSize, 44), kernel = TestMath.Random(kh * kw * c * filters, 45, -0.5f, 0.5f);
        float[] scale = TestMath.Random(filters, 46, 0.5f, 2f), shift = TestMath.Random(filters, 47);
        double[] z = ConvReference.Forward(x, kernel, [], rows, window, filters);
        var expected = z.Select((v, i) => Math.Max(v * scale[i % filters] + shift[i % filters], 0)).ToArray();
        var output = new float[rows * window.OutputPositions * filters];
        output.AsSpan().Fill(float.NaN);

        Conv2DMath.ForwardScaled<Relu>(x, kernel, scale, shift, output, Columns(window, rows), rows, window, filters);

        TestMath.AssertProduct(expected, output, x, kernel, 2 * (kh * kw * c + 1), "scaled relu");
        Assert.Throws<ArgumentException>(() => Conv2DMath.ForwardScaled<Relu>(x, kernel, scale.AsSpan(1), shift, output, Columns(window, rows), rows,
            window, filters));
    }

    /// <summary>An Add and the activation after it fused into the epilogue (a residual block at inference): the bits of the
    /// three passes it replaces, the convolution, <see cref="VectorOps.Add"/> and relu, on the plain and the scaled
    /// epilogue; with tanh, applied after the store, the same values within its vector and scalar forms' last bits.</summary>
    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_with_a_residual_gives_the_bits_of_the_separate_add_and_activation(int h, int w, int c, int kh, int kw, int stride, bool same,
        int filters, int rows, bool withBias)
    {
        Window2D window = Window(h, w, c, kh, kw, stride, same);
        float[] x = TestMath.Random(rows * window.InputSize, 61), kernel = TestMath.Random(kh * kw * c * filters, 62, -0.5f, 0.5f);
        float[] bias = withBias ? TestMath.Random(filters, 63) : [];
        float[] scale = TestMath.Random(filters, 64, 0.5f, 2f), shift = TestMath.Random(filters, 65);
        int size = rows * window.OutputPositions * filters;
        float[] residual = TestMath.Random(size, 66, -2f, 2f);
        float[] Separate<TAct>(bool scaled) where TAct : struct, IActivation
        {
            var sum = new float[size];
            if (scaled) Conv2DMath.ForwardScaled<Linear>(x, kernel, scale, shift, sum, Columns(window, rows), rows, window, filters);
            else Conv2DMath.Forward<Linear>(x, kernel, bias, sum, Columns(window, rows), rows, window, filters);
            VectorOps.Add(sum, residual, sum);
            ActivationMath.Forward<TAct>(sum, sum);
            return sum;
        }
        var output = new float[size];
        foreach (bool scaled in new[] { false, true })
        {
            output.AsSpan().Fill(float.NaN);
            if (scaled) Conv2DMath.ForwardScaled<Relu>(x, kernel, scale, shift, output, Columns(window, rows), rows, window, filters, residual);
            else Conv2DMath.Forward<Relu>(x, kernel, bias, output, Columns(window, rows), rows, window, filters, residual);
            Assert.Equal(Separate<Relu>(scaled), output);
            Assert.Contains(output, v => v > 0); // the residual shows: not every sum clipped away
            output.AsSpan().Fill(float.NaN);
            if (scaled) Conv2DMath.ForwardScaled<Tanh>(x, kernel, scale, shift, output, Columns(window, rows), rows, window, filters, residual);
            else Conv2DMath.Forward<Tanh>(x, kernel, bias, output, Columns(window, rows), rows, window, filters, residual);
            TestMath.AssertClose([.. Separate<Tanh>(scaled).Select(v => (double)v)], output, 1e-6, 1e-7, "tanh");
        }

        // A residual shorter than the output, or one that is the output, is refused before anything is written.
        output.AsSpan().Fill(7f);
        var shortOne = Assert.Throws<ArgumentException>(() => Conv2DMath.Forward<Relu>(x, kernel, bias, output, Columns(window, rows), rows, window,
            filters, residual.AsSpan(1)));
        Assert.Contains($"{size - 1}", shortOne.Message);
        Assert.Throws<ArgumentException>(() => Conv2DMath.ForwardScaled<Relu>(x, kernel, scale, shift, output, Columns(window, rows), rows, window,
            filters, output));
        Assert.All(output, v => Assert.Equal(7f, v));
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_matches_finite_differences_of_a_tanh_layer(int h, int w, int c, int kh, int kw, int stride, bool same, int filters, int rows, bool withBias)
    {
        Window2D window = Window(h, w, c, kh, kw, stride, same);
        float[] x = TestMath.Random(rows * window.InputSize, 51), kernel = TestMath.Random(kh * kw * c * filters, 52, -0.5f, 0.5f);
        float[] bias = withBias ? TestMath.Random(filters, 53) : [];
        float[] readout = TestMath.Random(rows * window.OutputPositions * filters, 54);
        // The loss Σ readout · tanh(conv) evaluated in double by the direct reference.
        double Loss()
        {
            double[] z = ConvReference.Forward(x, kernel, bias, rows, window, filters);
            double sum = 0;
            for (int i = 0; i < z.Length; i++) sum += readout[i] * Math.Tanh(z[i]);
            return sum;
        }

        var a = new float[readout.Length];
        Conv2DMath.Forward<Tanh>(x, kernel, bias, a, Columns(window, rows), rows, window, filters);
        var dz = (float[])readout.Clone();
        ActivationMath.Backward<Tanh>(a, dz);
        var dk = new float[kernel.Length];
        var db = withBias ? new float[filters] : [];
        var dx = new float[x.Length];
        dk.AsSpan().Fill(float.NaN); // all three are overwritten, not accumulated
        db.AsSpan().Fill(float.NaN);
        dx.AsSpan().Fill(float.NaN);
        Conv2DMath.Backward(x, dz, kernel, dk, db, dx, Columns(window, rows), rows, window, filters);

        TestMath.AssertClose(TestMath.NumericGradient(kernel, Loss), dk, 2e-3, 2e-4, "kernel");
        if (withBias) TestMath.AssertClose(TestMath.NumericGradient(bias, Loss), db, 2e-3, 2e-4, "bias");
        TestMath.AssertClose(TestMath.NumericGradient(x, Loss), dx, 2e-3, 2e-4, "input");

        // First layer: no input gradient, the others unchanged.
        var dk2 = new float[kernel.Length];
        var db2 = withBias ? new float[filters] : [];
        Conv2DMath.Backward(x, dz, kernel, dk2, db2, [], Columns(window, rows), rows, window, filters);
        Assert.Equal(dk, dk2);
        Assert.Equal(db, db2);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_matches_the_gradients_written_from_the_definition(int h, int w, int c, int kh, int kw, int stride, bool same, int filters, int rows, bool withBias)
    {
        Window2D window = Window(h, w, c, kh, kw, stride, same);
        float[] x = TestMath.Random(rows * window.InputSize, 61, zeros: 0.3), kernel = TestMath.Random(kh * kw * c * filters, 62);
        float[] dz = TestMath.Random(rows * window.OutputPositions * filters, 63);
        AssertBackward(x, dz, kernel, rows, window, filters, withBias);
    }

    /// <summary>Layers large enough for several im2col chunks (and two threads) against the reference.</summary>
    [Theory]
    [InlineData(32, 32, 16, 3, 1, true, 8, 15)]   // 147 456 column floats per image: 7 images per chunk
    [InlineData(30, 30, 32, 3, 2, false, 5, 9)]
    [InlineData(28, 28, 1, 3, 1, true, 32, 37)]   // one chunk, split between two threads
    public void Large_layers_match_the_reference(int h, int w, int c, int k, int stride, bool same, int filters, int rows)
    {
        Window2D window = Window(h, w, c, k, k, stride, same);
        float[] x = TestMath.Random(rows * window.InputSize, 71), kernel = TestMath.Random(k * k * c * filters, 72, -0.2f, 0.2f);
        float[] bias = TestMath.Random(filters, 73);
        var output = new float[rows * window.OutputPositions * filters];
        Conv2DMath.Forward<Linear>(x, kernel, bias, output, Columns(window, rows), rows, window, filters);
        TestMath.AssertProduct(ConvReference.Forward(x, kernel, bias, rows, window, filters), output, x, kernel, k * k * c + 1, "forward");

        float[] dz = TestMath.Random(output.Length, 74);
        AssertBackward(x, dz, kernel, rows, window, filters, withBias: true);
    }

    /// <summary>The convolution with its max pooling, a block of images at a time, gives the bits of the two passes run
    /// apart, arg-maxes included (indices into the whole batch's convolution output), on one thread and on several.</summary>
    [Theory]
    [InlineData(28, 28, 1, 3, 1, false, 32, 2, 2, false, 37)]  // the Keras convnet's first layer: several blocks, two threads
    [InlineData(13, 13, 32, 3, 1, false, 64, 2, 2, false, 9)]  // its second: 11×11 pooled to 5×5, the last row and column unread
    [InlineData(9, 8, 3, 3, 1, true, 5, 3, 2, true, 4)]        // packed kernel panels, overlapping padded windows
    [InlineData(10, 10, 2, 3, 2, true, 16, 2, 2, false, 1)]    // strided convolution, one image
    public void Forward_max_pooled_equals_forward_then_pooling(int h, int w, int c, int k, int stride, bool same, int filters, int pool,
        int poolStride, bool poolSame, int rows)
    {
        Window2D window = Window(h, w, c, k, k, stride, same);
        Window2D pooling = Window2D.Create(window.OutputHeight, window.OutputWidth, filters, pool, pool, poolStride, poolStride, poolSame);
        float[] x = TestMath.Random(rows * window.InputSize, 91), kernel = TestMath.Random(k * k * c * filters, 92, -0.3f, 0.3f);
        float[] bias = TestMath.Random(filters, 93);
        var conv = new float[rows * window.OutputPositions * filters];
        Conv2DMath.Forward<Relu>(x, kernel, bias, conv, Columns(window, rows), rows, window, filters);
        int pooledLength = rows * pooling.OutputPositions * filters;
        var expected = new float[pooledLength];
        var expectedArgmax = new int[pooledLength];
        PoolingMath.MaxForward(conv, expected, expectedArgmax, rows, pooling);

        foreach (int threads in new[] { 1, Math.Max(2, Environment.ProcessorCount) })
        {
            int saved = Gemm.MaxDegreeOfParallelism;
            Gemm.MaxDegreeOfParallelism = threads;
            try
            {
                var pooled = new float[pooledLength];
                var argmax = new int[pooledLength];
                Conv2DMath.ForwardMaxPooled<Relu>(x, kernel, bias, pooled, argmax, rows, window, filters, pooling);
                Assert.Equal(expected, pooled);
                Assert.Equal(expectedArgmax, argmax);
                var inference = new float[pooledLength];
                Conv2DMath.ForwardMaxPooled<Relu>(x, kernel, bias, inference, [], rows, window, filters, pooling);
                Assert.Equal(expected, inference);
            }
            finally
            {
                Gemm.MaxDegreeOfParallelism = saved;
            }
        }
    }

    /// <summary>The pooled backward, a block of images at a time, gives the pooling's backward through the activation
    /// followed by the convolution's: the input gradient bit for bit, the kernel and bias gradients bit for bit in one block
    /// and within rounding over several (summed by groups of blocks); a frozen layer (input gradient only) and a first layer
    /// (no input gradient); the same bits on one thread and several. 1×1 windows within rounding: the two passes send them
    /// through a matrix product.</summary>
    [Theory]
    [InlineData(28, 28, 1, 3, 1, false, 32, 2, 2, false, 13, "relu")]   // the Keras convnet's first layer: 7 blocks of 2 images
    [InlineData(28, 28, 1, 3, 1, false, 32, 2, 2, false, 60, "relu")]   // 10 blocks of 6 (a block's 512 KiB) in 8 groups, two threads
    [InlineData(28, 28, 1, 3, 1, false, 32, 2, 2, false, 1, "relu")]    // one image: the two passes' bits
    [InlineData(13, 13, 32, 3, 1, false, 64, 2, 2, false, 37, "relu")]  // its second: 11×11 pooled to 5×5, the last row and column unread
    [InlineData(13, 13, 32, 3, 1, false, 64, 2, 2, false, 200, "relu")] // 13 blocks of 16 in 8 groups
    [InlineData(12, 12, 3, 3, 1, false, 8, 2, 2, false, 6, "linear")]   // no activation: the pooling's gradient as it is
    [InlineData(9, 8, 3, 3, 1, true, 5, 3, 2, true, 4, "tanh")]         // packed panels, padded frames, overlapping pool windows (scatter)
    [InlineData(10, 10, 2, 3, 2, true, 16, 2, 2, false, 1, "relu")]     // strided convolution, one image
    [InlineData(6, 6, 8, 1, 1, false, 32, 2, 2, false, 3, "relu")]      // 1×1
    public void Backward_max_pooled_equals_the_pooling_backward_then_backward(int h, int w, int c, int k, int stride, bool same, int filters,
        int pool, int poolStride, bool poolSame, int rows, string activation)
    {
        if (activation == "tanh") BackwardMaxPooledCase<Tanh>(h, w, c, k, stride, same, filters, pool, poolStride, poolSame, rows);
        else if (activation == "linear") BackwardMaxPooledCase<Linear>(h, w, c, k, stride, same, filters, pool, poolStride, poolSame, rows);
        else BackwardMaxPooledCase<Relu>(h, w, c, k, stride, same, filters, pool, poolStride, poolSame, rows);
    }

    private static void BackwardMaxPooledCase<TAct>(int h, int w, int c, int k, int stride, bool same, int filters, int pool, int poolStride,
        bool poolSame, int rows)
        where TAct : struct, IActivation
    {
        Window2D window = Window(h, w, c, k, k, stride, same);
        Window2D pooling = Window2D.Create(window.OutputHeight, window.OutputWidth, filters, pool, pool, poolStride, poolStride, poolSame);
        float[] x = TestMath.Random(rows * window.InputSize, 81), kernel = TestMath.Random(k * k * c * filters, 82, -0.3f, 0.3f);
        float[] bias = TestMath.Random(filters, 83);
        var conv = new float[rows * window.OutputPositions * filters];
        Conv2DMath.Forward<TAct>(x, kernel, bias, conv, Columns(window, rows), rows, window, filters);
        int pooledLength = rows * pooling.OutputPositions * filters;
        var pooled = new float[pooledLength];
        var argmax = new int[pooledLength];
        PoolingMath.MaxForward(conv, pooled, argmax, rows, pooling);
        float[] g = TestMath.Random(pooledLength, 84);

        var dz = new float[conv.Length];
        PoolingMath.MaxBackwardThrough<TAct>(g, argmax, pooled, dz, rows, pooling);
        float[] kg = new float[kernel.Length], bg = new float[filters], dx = new float[x.Length];
        Conv2DMath.Backward(x, dz, kernel, kg, bg, dx, Columns(window, rows), rows, window, filters);
        bool exactInput = k > 1, exactSums = exactInput && PooledConvolution.BackwardBlock(window, filters, rows) >= rows;

        float[]? oneThread = null;
        foreach (int threads in new[] { 1, Math.Max(2, Environment.ProcessorCount) })
        {
            int saved = Gemm.MaxDegreeOfParallelism;
            Gemm.MaxDegreeOfParallelism = threads;
            try
            {
                float[] fk = Filled(kernel.Length), fb = Filled(filters), fdx = Filled(x.Length);
                Run(fk, fb, fdx);
                Same(kg, fk, exactSums, "kernel");
                Same(bg, fb, exactSums, "bias");
                Same(dx, fdx, exactInput, "input");
                float[] all = [.. fk, .. fb, .. fdx];
                oneThread ??= all;
                Assert.True(oneThread.AsSpan().SequenceEqual(all), $"{threads} threads give other bits than one");
                fdx = Filled(x.Length);
                Run([], [], fdx); // frozen: the input gradient alone
                Same(dx, fdx, exactInput, "frozen input");
                fk = Filled(kernel.Length);
                fb = Filled(filters);
                Run(fk, fb, []); // first layer: no input gradient
                Same(kg, fk, exactSums, "first-layer kernel");
                Same(bg, fb, exactSums, "first-layer bias");
            }
            finally
            {
                Gemm.MaxDegreeOfParallelism = saved;
            }
        }

        void Run(Span<float> kernelGradient, Span<float> biasGradient, Span<float> inputGradient) =>
            Conv2DMath.BackwardMaxPooled<TAct>(x, g, argmax, pooled, kernel, kernelGradient, biasGradient, inputGradient, rows, window, filters, pooling);

        static void Same(float[] expected, float[] actual, bool exact, string what)
        {
            if (exact) Assert.True(expected.AsSpan().SequenceEqual(actual), $"{what} gradient differs from the two passes");
            else TestMath.AssertClose(expected.Select(v => (double)v).ToArray(), actual, 1e-4, 1e-5, what);
        }

        static float[] Filled(int length)
        {
            var values = new float[length];
            values.AsSpan().Fill(float.NaN); // overwritten, not accumulated
            return values;
        }
    }

    [Fact]
    public void Backward_max_pooled_rejects_short_buffers_naming_the_sizes()
    {
        Window2D window = Window(6, 6, 1, 3, 3, 1, false);   // → 4×4×2, pooled 2×2×2
        Window2D pooling = Window2D.Create(4, 4, 2, 2, 2, 2, 2, false);
        var e = Assert.Throws<ArgumentException>(() => Conv2DMath.BackwardMaxPooled<Relu>(new float[72], new float[15], new int[16], new float[16],
            new float[18], new float[18], new float[2], [], 2, window, 2, pooling));
        Assert.Contains("pooledGradient, argmax and pooled 16", e.Message);
        Assert.Contains("15", e.Message);
        e = Assert.Throws<ArgumentException>(() => Conv2DMath.BackwardMaxPooled<Relu>(new float[72], new float[16], new int[16], new float[16],
            new float[18], new float[18], new float[2], [], 2, window, 2, Window2D.Create(5, 4, 2, 2, 2, 2, 2, false)));
        Assert.Contains("5×4×2", e.Message);
        e = Assert.Throws<ArgumentException>(() => Conv2DMath.BackwardMaxPooled<Relu>(new float[72], new float[16], new int[16], new float[16],
            new float[18], new float[17], new float[2], [], 2, window, 2, pooling));
        Assert.Contains("kernel gradient holds 17", e.Message);
    }

    [Fact]
    public void Forward_max_pooled_rejects_a_pooling_of_another_shape()
    {
        Window2D window = Window(6, 6, 1, 3, 3, 1, false);   // → 4×4×2
        var e = Assert.Throws<ArgumentException>(() => Conv2DMath.ForwardMaxPooled<Relu>(new float[36], new float[18], [], new float[8], [], 1,
            window, 2, Window2D.Create(5, 4, 2, 2, 2, 2, 2, false)));
        Assert.Contains("5×4×2", e.Message);
        Assert.Contains("4×4×2", e.Message);
        Assert.Throws<ArgumentException>(() => Conv2DMath.ForwardMaxPooled<Relu>(new float[36], new float[18], [], new float[7], [], 1,
            window, 2, Window2D.Create(4, 4, 2, 2, 2, 2, 2, false)));
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        Window2D window = Window(32, 32, 16, 3, 3, 1, true);
        const int rows = 29, filters = 32;
        float[] x = TestMath.Random(rows * window.InputSize, 81), kernel = TestMath.Random(9 * 16 * filters, 82, -0.2f, 0.2f);
        float[] bias = TestMath.Random(filters, 83), dz = TestMath.Random(rows * window.OutputPositions * filters, 84);

        (float[], float[], float[], float[]) Run(int threads)
        {
            int saved = Gemm.MaxDegreeOfParallelism;
            Gemm.MaxDegreeOfParallelism = threads;
            try
            {
                var output = new float[dz.Length];
                var dk = new float[kernel.Length];
                var db = new float[filters];
                var dx = new float[x.Length];
                float[] columns = Columns(window, rows);
                Conv2DMath.Forward<Relu>(x, kernel, bias, output, columns, rows, window, filters);
                Conv2DMath.Backward(x, dz, kernel, dk, db, dx, columns, rows, window, filters);
                return (output, dk, db, dx);
            }
            finally
            {
                Gemm.MaxDegreeOfParallelism = saved;
            }
        }

        var serial = Run(1);
        var parallel = Run(Math.Max(2, Environment.ProcessorCount));
        Assert.Equal(serial.Item1, parallel.Item1);
        Assert.Equal(serial.Item2, parallel.Item2);
        Assert.Equal(serial.Item3, parallel.Item3);
        Assert.Equal(serial.Item4, parallel.Item4);
    }

    [Fact]
    public void Columns_length_is_bounded_and_grows_with_rows()
    {
        // Zero-padded frames of the input, only where windows leave it.
        Window2D small = Window(28, 28, 1, 3, 3, 1, true);
        Assert.Equal(30 * 30, Conv2DMath.ColumnsLength(small, 1));
        Assert.Equal(128 * 30 * 30, Conv2DMath.ColumnsLength(small, 128));
        Assert.Equal(0, Conv2DMath.ColumnsLength(Window(28, 28, 1, 3, 3, 1, false), 128)); // valid: read in place

        Window2D large = Window(32, 32, 32, 3, 3, 1, true);
        int perImage = 34 * 34 * 32;
        Assert.Equal(perImage, Conv2DMath.ColumnsLength(large, 1));
        int batch = Conv2DMath.ColumnsLength(large, 128);
        Assert.True(batch <= Math.Max(perImage, 1 << 20), $"{batch} floats of frames for 128 images");
        Assert.True(batch < 128 * perImage);
        Assert.Equal(batch, Conv2DMath.ColumnsLength(large, 1000));

        Assert.Equal(0, Conv2DMath.ColumnsLength(Window(8, 8, 3, 1, 1, 1, false), 64));
        Assert.Equal(0, Conv2DMath.ColumnsLength(small, 0));
    }

    [Fact]
    public void Short_buffers_are_rejected_naming_the_sizes()
    {
        Window2D window = Window(6, 5, 2, 3, 3, 1, false);   // → 4×3
        const int rows = 2, filters = 3;
        var x = new float[rows * 60];
        var kernel = new float[18 * filters];
        var output = new float[rows * 12 * filters];
        var columns = new float[Conv2DMath.ColumnsLength(window, rows)];

        var e = Assert.Throws<ArgumentException>(() =>
            Conv2DMath.Forward<Relu>(x, kernel, [], output.AsSpan(1), columns, rows, window, filters));
        Assert.Contains("71", e.Message);
        Assert.Contains("72", e.Message);
        Assert.Throws<ArgumentException>(() => Conv2DMath.Forward<Relu>(x.AsSpan(1), kernel, [], output, columns, rows, window, filters));
        Window2D padded = Window(6, 5, 2, 3, 3, 1, true); // valid windows read the input in place: only padding needs frames
        var shortFrames = new float[Conv2DMath.ColumnsLength(padded, rows) - 1];
        Assert.Throws<ArgumentException>(() => Conv2DMath.Forward<Relu>(x, kernel, [], new float[rows * 30 * filters], shortFrames, rows, padded, filters));
        Assert.Throws<ArgumentException>(() => Conv2DMath.Forward<Relu>(x, kernel, new float[2], output, columns, rows, window, filters));
        Assert.Throws<ArgumentException>(() =>
            Conv2DMath.Backward(x, output, kernel, new float[kernel.Length - 1], [], [], columns, rows, window, filters));
        Assert.Throws<ArgumentException>(() =>
            Conv2DMath.Backward(x, output, kernel, new float[kernel.Length], [], new float[x.Length - 1], columns, rows, window, filters));
        Assert.Throws<ArgumentException>(() =>
            Conv2DMath.Backward(x, output, kernel, new float[kernel.Length], new float[1], [], columns, rows, window, filters));
    }

    private static void AssertBackward(float[] x, float[] dz, float[] kernel, int rows, Window2D window, int filters, bool withBias)
    {
        (double[] ek, double[] eb, double[] ex) = ConvReference.Backward(x, dz, kernel, rows, window, filters);
        var dk = new float[kernel.Length];
        var db = withBias ? new float[filters] : [];
        var dx = new float[x.Length];
        dk.AsSpan().Fill(float.NaN);
        db.AsSpan().Fill(float.NaN);
        dx.AsSpan().Fill(float.NaN);
        Conv2DMath.Backward(x, dz, kernel, dk, db, dx, Columns(window, rows), rows, window, filters);

        int positions = rows * window.OutputPositions;
        TestMath.AssertProduct(ek, dk, x, dz, positions, "kernel");
        if (withBias) TestMath.AssertProduct(eb, db, dz, [1f], positions, "bias");
        TestMath.AssertProduct(ex, dx, dz, kernel, filters * window.WindowHeight * window.WindowWidth, "input");
    }
}
