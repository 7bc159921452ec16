using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class PoolingMathTests
{
    // height, width, channels, pool height, pool width, stride height, stride width, same, rows
    public static TheoryData<int, int, int, int, int, int, int, bool, int> Geometries => new()
    {
        { 6, 6, 1, 2, 2, 2, 2, false, 1 },
        { 7, 7, 3, 2, 2, 2, 2, true, 3 },
        { 7, 6, 4, 3, 3, 2, 2, false, 3 },     // stride ≠ pool: overlapping windows
        { 8, 9, 17, 3, 2, 1, 2, true, 2 },     // 16 lanes + a scalar channel, non-square
        { 5, 5, 32, 3, 3, 2, 2, true, 1 },
        { 13, 13, 2, 2, 2, 2, 2, false, 3 },
        { 13, 13, 2, 2, 2, 2, 2, true, 3 },
        { 5, 4, 1, 3, 3, 1, 1, true, 2 },
        { 9, 9, 3, 2, 2, 3, 3, true, 2 },      // stride > pool: cells no window covers
        { 8, 8, 17, 2, 2, 2, 2, false, 2 },    // Keras's 2×2 pooling on 16 lanes + a scalar channel: whole windows
    };

    private static Window2D Window(int h, int w, int c, int ph, int pw, int sh, int sw, bool same) =>
        Window2D.Create(h, w, c, ph, pw, sh, sw, same);

    /// <summary>Distinct values at least 0.01 apart (no ties, and a finite-difference step cannot change a max).</summary>
    private static float[] Distinct(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (i - length / 2) * 0.01f;
        random.Shuffle(values);
        return values;
    }

    /// <summary>Direct pooling in double: per output value the max (first in (ky, kx) order) or the mean of the cells
    /// inside the image, and the index of the max.</summary>
    private static (double[] Max, int[] Argmax, double[] Mean) Reference(float[] x, int rows, Window2D w)
    {
        int c = w.InputChannels, outputs = rows * w.OutputPositions * c;
        var max = new double[outputs];
        var argmax = new int[outputs];
        var mean = new double[outputs];
        for (int n = 0; n < rows; n++)
            for (int oy = 0; oy < w.OutputHeight; oy++)
                for (int ox = 0; ox < w.OutputWidth; ox++)
                    for (int ch = 0; ch < c; ch++)
                    {
                        int o = ((n * w.OutputHeight + oy) * w.OutputWidth + ox) * c + ch;
                        double best = double.NegativeInfinity, sum = 0;
                        int at = -1, cells = 0;
                        for (int ky = 0; ky < w.WindowHeight; ky++)
                            for (int kx = 0; kx < w.WindowWidth; kx++)
                            {
                                int iy = oy * w.StrideHeight - w.PadTop + ky, ix = ox * w.StrideWidth - w.PadLeft + kx;
                                if (iy < 0 || iy >= w.InputHeight || ix < 0 || ix >= w.InputWidth) continue;
                                int i = ((n * w.InputHeight + iy) * w.InputWidth + ix) * c + ch;
                                if (x[i] > best) { best = x[i]; at = i; }
                                sum += x[i];
                                cells++;
                            }
                        (max[o], argmax[o], mean[o]) = (best, at, sum / cells);
                    }
        return (max, argmax, mean);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_matches_direct_pooling(int h, int w, int c, int ph, int pw, int sh, int sw, bool same, int rows)
    {
        Window2D window = Window(h, w, c, ph, pw, sh, sw, same);
        float[] x = TestMath.Random(rows * window.InputSize, 91);
        (double[] max, int[] argmax, double[] mean) = Reference(x, rows, window);
        var output = new float[max.Length];
        var indices = new int[max.Length];
        output.AsSpan().Fill(float.NaN);

        PoolingMath.MaxForward(x, output, indices, rows, window);
        TestMath.AssertClose(max, output, 0, 0, "max");
        Assert.Equal(argmax, indices);

        output.AsSpan().Fill(float.NaN);
        PoolingMath.MaxForward(x, output, rows, window); // inference: no arg-max
        TestMath.AssertClose(max, output, 0, 0, "max without arg-max");

        output.AsSpan().Fill(float.NaN);
        PoolingMath.AverageForward(x, output, rows, window);
        TestMath.AssertClose(mean, output, 1e-5, 1e-6, "mean");
    }

    /// <summary>NaN, −0 and +0 in whole 2×2 windows: the inference form (no arg-max, no window loop) gives the bits of
    /// the arg-max form, whose first cell wins unless a later one is greater.</summary>
    [Fact]
    public void Inference_max_of_whole_2x2_windows_gives_the_bits_of_the_arg_max_form()
    {
        Window2D window = Window(4, 4, 16, 2, 2, 2, 2, false);
        float[] x = TestMath.Random(window.InputSize, 97);
        x[0] = float.NaN;                 // a window's first cell NaN: it stays
        x[16 + 1] = float.NaN;            // a later cell NaN: never greater
        x[2 * 16 + 2] = -0f;              // −0 then +0 in one window: equal, the first stays
        x[3 * 16 + 2] = 0f;
        var output = new float[window.OutputPositions * 16];
        var reference = new float[output.Length];
        PoolingMath.MaxForward(x, reference, new int[output.Length], 1, window);
        output.AsSpan().Fill(7f);

        PoolingMath.MaxForward(x, output, 1, window);

        Assert.Equal(reference.Select(BitConverter.SingleToInt32Bits), output.Select(BitConverter.SingleToInt32Bits));
        Assert.True(float.IsNaN(output[0]));
        Assert.False(float.IsNaN(output[1]));
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Max_backward_matches_finite_differences(int h, int w, int c, int ph, int pw, int sh, int sw, bool same, int rows)
    {
        Window2D window = Window(h, w, c, ph, pw, sh, sw, same);
        float[] x = Distinct(rows * window.InputSize, 92);
        float[] readout = TestMath.Random(rows * window.OutputPositions * c, 93);
        double Loss()
        {
            double[] max = Reference(x, rows, window).Max;
            double sum = 0;
            for (int i = 0; i < max.Length; i++) sum += max[i] * readout[i];
            return sum;
        }

        var output = new float[readout.Length];
        var argmax = new int[readout.Length];
        PoolingMath.MaxForward(x, output, argmax, rows, window);
        var dx = new float[x.Length];
        dx.AsSpan().Fill(float.NaN);
        PoolingMath.MaxBackward(readout, argmax, dx, rows, window);

        TestMath.AssertClose(TestMath.NumericGradient(x, Loss), dx, 1e-3, 1e-4, "input");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Average_backward_matches_finite_differences(int h, int w, int c, int ph, int pw, int sh, int sw, bool same, int rows)
    {
        Window2D window = Window(h, w, c, ph, pw, sh, sw, same);
        float[] x = TestMath.Random(rows * window.InputSize, 94);
        float[] readout = TestMath.Random(rows * window.OutputPositions * c, 95);
        double Loss()
        {
            double[] mean = Reference(x, rows, window).Mean;
            double sum = 0;
            for (int i = 0; i < mean.Length; i++) sum += mean[i] * readout[i];
            return sum;
        }

        var dx = new float[x.Length];
        dx.AsSpan().Fill(float.NaN);
        PoolingMath.AverageBackward(readout, dx, rows, window);

        TestMath.AssertClose(TestMath.NumericGradient(x, Loss), dx, 1e-3, 1e-5, "input");
    }

    [Fact]
    public void Padding_never_wins_a_max_and_is_not_counted_in_a_mean()
    {
        // 3×3 of −1…−9 (one channel), pool 2 stride 2 same → 2×2, padded at the bottom and right.
        Window2D window = Window(3, 3, 1, 2, 2, 2, 2, true);
        float[] x = [-1, -2, -3, -4, -5, -6, -7, -8, -9];
        var output = new float[4];
        var argmax = new int[4];

        PoolingMath.MaxForward(x, output, argmax, 1, window);
        Assert.Equal([-1f, -3f, -7f, -9f], output);
        Assert.Equal([0, 2, 6, 8], argmax);

        PoolingMath.AverageForward(x, output, 1, window);
        Assert.Equal([-3f, -4.5f, -7.5f, -9f], output);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(19)]
    public void Ties_go_to_the_first_cell_in_window_order(int channels)
    {
        Window2D window = Window(4, 4, channels, 2, 2, 2, 2, false);
        var x = new float[window.InputSize];
        x.AsSpan().Fill(0.5f);
        var output = new float[4 * channels];
        var argmax = new int[4 * channels];

        PoolingMath.MaxForward(x, output, argmax, 1, window);

        for (int o = 0; o < 4; o++)
            for (int ch = 0; ch < channels; ch++)
            {
                int oy = o / 2, ox = o % 2;
                Assert.Equal(((oy * 2) * 4 + ox * 2) * channels + ch, argmax[o * channels + ch]);
            }
    }

    [Fact]
    public void Large_batches_split_between_threads_give_the_same_results()
    {
        Window2D window = Window(28, 28, 32, 2, 2, 2, 2, false);
        const int rows = 33;
        float[] x = TestMath.Random(rows * window.InputSize, 96);
        float[] g = TestMath.Random(rows * window.OutputPositions * 32, 97);
        (double[] max, int[] argmax, double[] mean) = Reference(x, rows, window);
        var output = new float[g.Length];
        var indices = new int[g.Length];

        PoolingMath.MaxForward(x, output, indices, rows, window);
        TestMath.AssertClose(max, output, 0, 0, "max");
        Assert.Equal(argmax, indices);
        var dx = new float[x.Length];
        PoolingMath.MaxBackward(g, indices, dx, rows, window);
        for (int i = 0; i < g.Length; i++) Assert.Equal(g[i], dx[indices[i]]);

        PoolingMath.AverageForward(x, output, rows, window);
        TestMath.AssertClose(mean, output, 1e-5, 1e-6, "mean");
        PoolingMath.AverageBackward(g, dx, rows, window);
        for (int i = 0; i < x.Length; i += 97)
        {
            int n = i / window.InputSize, rest = i % window.InputSize;
            int iy = rest / (28 * 32), ix = rest / 32 % 28, ch = rest % 32;
            Assert.Equal(g[((n * 14 + iy / 2) * 14 + ix / 2) * 32 + ch] * 0.25f, dx[i]);
        }
    }

    /// <summary>The fused pass equals the max pooling's backward followed by the activation's backward over the layer's
    /// whole output: bit for bit for relu (a 0/1 derivative), within rounding for tanh where windows overlap.</summary>
    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_through_the_activation_equals_the_two_passes(int h, int w, int c, int ph, int pw, int sh, int sw, bool same, int rows)
    {
        Window2D window = Window(h, w, c, ph, pw, sh, sw, same);
        float[] z = Distinct(rows * window.InputSize, 98);
        float[] g = TestMath.Random(rows * window.OutputPositions * c, 99);
        foreach (bool relu in new[] { true, false })
        {
            var a = new float[z.Length];
            if (relu) ActivationMath.Forward<Relu>(z, a);
            else ActivationMath.Forward<Tanh>(z, a);
            var pooled = new float[g.Length];
            var argmax = new int[g.Length];
            PoolingMath.MaxForward(a, pooled, argmax, rows, window);

            var expected = new float[z.Length];
            PoolingMath.MaxBackward(g, argmax, expected, rows, window);
            if (relu) ActivationMath.Backward<Relu>(a, expected);
            else ActivationMath.Backward<Tanh>(a, expected);
            var fused = new float[z.Length];
            fused.AsSpan().Fill(float.NaN); // overwritten, not accumulated
            if (relu) PoolingMath.MaxBackwardThrough<Relu>(g, argmax, pooled, fused, rows, window);
            else PoolingMath.MaxBackwardThrough<Tanh>(g, argmax, pooled, fused, rows, window);

            if (relu) Assert.Equal(expected, fused);
            else TestMath.AssertClose(expected.Select(v => (double)v).ToArray(), fused, 1e-6, 1e-6, "tanh");
        }
    }

    [Fact]
    public void An_arg_max_outside_its_image_is_rejected()
    {
        Window2D window = Window(4, 4, 1, 2, 2, 2, 2, false);   // → 2×2
        var g = new float[2 * 4];
        var argmax = new int[] { 0, 2, 8, 10, 16, 18, 24, 3 }; // the last points into image 0 from image 1
        var e = Assert.Throws<ArgumentException>(() => PoolingMath.MaxBackward(g, argmax, new float[32], 2, window));
        Assert.Contains("argmax[7] = 3", e.Message);
        Assert.Contains("image 1", e.Message);
    }

    /// <summary>Where windows share no cell, the backward pass writes each input cell once from the arg-max that may point
    /// at it: bit for bit the clear-and-scatter it replaced, every cell overwritten (NaN before), cells outside every window
    /// zero, channel counts off the vector width included.</summary>
    [Theory]
    [InlineData(8, 8, 17, 2, 2, 2, 2, false, 3)]
    [InlineData(11, 11, 64, 2, 2, 2, 2, false, 2)]  // the Keras convnet's second pooling: the last row and column in no window
    [InlineData(9, 9, 3, 2, 2, 3, 3, true, 2)]      // stride > pool
    [InlineData(7, 7, 20, 3, 3, 3, 3, true, 2)]     // 'same': clipped windows at the edges
    [InlineData(5, 5, 3, 3, 3, 4, 4, true, 2)]      // 'same' with stride > pool: padding above and a row and column in no window
    [InlineData(26, 26, 32, 2, 2, 2, 2, false, 13)] // enough images for two threads
    public void Disjoint_windows_give_the_scatter_bit_for_bit(int h, int w, int c, int ph, int pw, int sh, int sw, bool same, int rows)
    {
        Window2D window = Window(h, w, c, ph, pw, sh, sw, same);
        float[] a = TestMath.Random(rows * window.InputSize, 101);
        for (int i = 0; i < a.Length; i += 7) a[i] = Math.Max(0, a[i]); // relu outputs: zeros, and ties among them
        float[] g = TestMath.Random(rows * window.OutputPositions * c, 102);
        var pooled = new float[g.Length];
        var argmax = new int[g.Length];
        PoolingMath.MaxForward(a, pooled, argmax, rows, window);

        // The scatter it replaced: clear, then add each gradient times f' at its arg-max (relu: 0 or 1; tanh: 1 − a²).
        foreach (bool relu in new[] { true, false })
        {
            var expected = new float[a.Length];
            for (int i = 0; i < g.Length; i++)
                if (argmax[i] >= 0) expected[argmax[i]] += g[i] * (relu ? (pooled[i] > 0 ? 1f : 0f) : 1f - pooled[i] * pooled[i]);
            var dx = new float[a.Length];
            dx.AsSpan().Fill(float.NaN);
            if (relu)
            {
                PoolingMath.MaxBackwardThrough<Relu>(g, argmax, pooled, dx, rows, window);
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), dx.Select(BitConverter.SingleToInt32Bits));
            }
            else
            {
                PoolingMath.MaxBackwardThrough<Tanh>(g, argmax, pooled, dx, rows, window);
                TestMath.AssertClose(expected.Select(v => (double)v).ToArray(), dx, 1e-6, 1e-7, "tanh");
            }
        }
    }

    [Fact]
    public void A_batch_the_int32_arg_maxes_cannot_index_is_refused()
    {
        Window2D window = Window(28, 28, 32, 2, 2, 2, 2, false); // 25 088 values an image
        const int rows = 100_000;                                 // 2.5 billion values
        var e = Assert.Throws<ArgumentException>(() => PoolingMath.MaxBackwardThrough<Relu>(new float[8], new int[8], new float[8], new float[8], rows, window));
        Assert.Contains("int32", e.Message);
        Assert.Contains("100000 rows of 28×28×32", e.Message);
        Assert.Throws<ArgumentException>(() => PoolingMath.MaxForward(new float[8], new float[8], new int[8], rows, window));
        Window2D conv = Window2D.Create(30, 30, 1, 3, 3, 1, 1, samePadding: false); // → 28×28×32
        e = Assert.Throws<ArgumentException>(() => Conv2DMath.BackwardMaxPooled<Relu>(new float[8], new float[8], new int[8], new float[8],
            new float[288], new float[288], new float[32], [], rows, conv, 32, window));
        Assert.Contains("int32", e.Message);
        Assert.Throws<ArgumentException>(() => Conv2DMath.ForwardMaxPooled<Relu>(new float[8], new float[288], new float[32], new float[8], new int[8],
            rows, conv, 32, window));
    }

    [Fact]
    public void An_arg_max_at_a_cell_of_another_window_is_rejected()
    {
        Window2D window = Window(4, 4, 1, 2, 2, 2, 2, false);   // → 2×2, windows share no cell
        var g = new float[2 * 4];
        var argmax = new int[] { 0, 2, 8, 10, 16, 18, 24, 16 }; // the last points at image 1's first window
        var e = Assert.Throws<ArgumentException>(() => PoolingMath.MaxBackward(g, argmax, new float[32], 2, window));
        Assert.Contains("argmax[7] = 16", e.Message);
        Assert.Contains("image 1", e.Message);
    }

    [Fact]
    public void Short_buffers_are_rejected_naming_the_sizes()
    {
        Window2D window = Window(6, 6, 2, 2, 2, 2, 2, false);   // → 3×3×2
        var x = new float[2 * 72];
        var output = new float[2 * 18];
        var argmax = new int[2 * 18];

        var e = Assert.Throws<ArgumentException>(() => PoolingMath.MaxForward(x.AsSpan(1), output, argmax, 2, window));
        Assert.Contains("143", e.Message);
        Assert.Contains("144", e.Message);
        Assert.Throws<ArgumentException>(() => PoolingMath.MaxForward(x, output.AsSpan(1), argmax, 2, window));
        Assert.Throws<ArgumentException>(() => PoolingMath.MaxForward(x, output, argmax.AsSpan(1), 2, window));
        Assert.Throws<ArgumentException>(() => PoolingMath.MaxBackward(output, argmax.AsSpan(1), x, 2, window));
        Assert.Throws<ArgumentException>(() => PoolingMath.MaxBackward(output, argmax, x.AsSpan(1), 2, window));
        Assert.Throws<ArgumentException>(() => PoolingMath.AverageForward(x, output.AsSpan(1), 2, window));
        Assert.Throws<ArgumentException>(() => PoolingMath.AverageBackward(output.AsSpan(1), x, 2, window));
        Assert.Throws<ArgumentException>(() => PoolingMath.AverageForward(x, output, 2, window with { StrideHeight = 0 }));
    }
}
