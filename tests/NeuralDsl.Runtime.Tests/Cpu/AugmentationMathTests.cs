using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class AugmentationMathTests
{
    // rows, height, width, channels
    private static readonly (int Rows, int Height, int Width, int Channels)[] ShapeList =
        [(1, 4, 4, 1), (5, 3, 5, 3), (5, 6, 4, 17), (1, 5, 7, 33), (5, 1, 6, 3)];

    public static TheoryData<int, int, int, int> Shapes
    {
        get
        {
            var data = new TheoryData<int, int, int, int>();
            foreach (var (rows, height, width, channels) in ShapeList) data.Add(rows, height, width, channels);
            return data;
        }
    }

    /// <summary>Every shape with every fill mode and interpolation.</summary>
    public static TheoryData<int, int, int, int, FillMode, Interpolation> ShapesAndModes
    {
        get
        {
            var data = new TheoryData<int, int, int, int, FillMode, Interpolation>();
            foreach (var (rows, height, width, channels) in ShapeList)
                foreach (FillMode fill in Enum.GetValues<FillMode>())
                    foreach (Interpolation interpolation in Enum.GetValues<Interpolation>())
                        data.Add(rows, height, width, channels, fill, interpolation);
            return data;
        }
    }

    private static float[] Arange(int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = i;
        return values;
    }

    // ---- Flips ----

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Flip_matches_direct_indexing(int rows, int height, int width, int channels)
    {
        float[] x = TestMath.Random(rows * height * width * channels, 71);
        // Row r takes the pattern r mod 4: none, rows, columns, both.
        var choices = new float[2 * rows];
        for (int r = 0; r < rows; r++) (choices[2 * r], choices[2 * r + 1]) = ((r & 1) != 0 ? 1f : 0f, (r & 2) != 0 ? 1f : 0f);
        var expected = new double[x.Length];
        for (int r = 0; r < rows; r++)
            for (int y = 0; y < height; y++)
                for (int xx = 0; xx < width; xx++)
                    for (int c = 0; c < channels; c++)
                    {
                        int sy = choices[2 * r] != 0 ? height - 1 - y : y, sx = choices[2 * r + 1] != 0 ? width - 1 - xx : xx;
                        expected[((r * height + y) * width + xx) * channels + c] = x[((r * height + sy) * width + sx) * channels + c];
                    }
        var output = new float[x.Length];
        output.AsSpan().Fill(float.NaN);

        AugmentationMath.Flip(x, choices, output, rows, height, width, channels);
        TestMath.AssertClose(expected, output, 0, 0, "flipped");

        // Its own inverse and its own transpose: flipping back restores x, and ⟨F x, g⟩ = ⟨x, F g⟩.
        var back = new float[x.Length];
        AugmentationMath.Flip(output, choices, back, rows, height, width, channels);
        Assert.Equal(x, back);
        float[] g = TestMath.Random(x.Length, 72);
        var flippedGradient = new float[x.Length];
        AugmentationMath.Flip(g, choices, flippedGradient, rows, height, width, channels);
        Assert.Equal(TestMath.WeightedSum(output, g), TestMath.WeightedSum(flippedGradient, x), 1e-9);
    }

    [Fact]
    public void Flip_hand_worked_2x3()
    {
        float[] x = [1, 2, 3, 4, 5, 6]; // [[1 2 3] [4 5 6]]
        var output = new float[6];
        AugmentationMath.Flip(x, [1f, 0f], output, 1, 2, 3, 1);
        Assert.Equal([4f, 5f, 6f, 1f, 2f, 3f], output);
        AugmentationMath.Flip(x, [0f, 1f], output, 1, 2, 3, 1);
        Assert.Equal([3f, 2f, 1f, 6f, 5f, 4f], output);
        AugmentationMath.Flip(x, [1f, 1f], output, 1, 2, 3, 1);
        Assert.Equal([6f, 5f, 4f, 3f, 2f, 1f], output);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Sampled_flips_are_fair_coins_shared_by_the_axes(bool horizontal, bool vertical)
    {
        const int rows = 4000;
        var choices = new float[2 * rows];
        AugmentationMath.SampleFlips(choices, rows, horizontal, vertical, new RandomSource(7));

        int flips = 0;
        for (int r = 0; r < rows; r++)
        {
            float rowsFlip = choices[2 * r], columnsFlip = choices[2 * r + 1];
            Assert.True(rowsFlip is 0f or 1f && columnsFlip is 0f or 1f);
            if (!vertical) Assert.Equal(0f, rowsFlip);
            if (!horizontal) Assert.Equal(0f, columnsFlip);
            // Keras 3 draws once per image: with both axes on, both flip or neither.
            if (horizontal && vertical) Assert.Equal(rowsFlip, columnsFlip);
            flips += (int)Math.Max(rowsFlip, columnsFlip);
        }
        // 1/2 each: 2000 ± 5σ (σ ≈ 32).
        Assert.InRange(flips, 2000 - 160, 2000 + 160);

        var again = new float[2 * rows];
        AugmentationMath.SampleFlips(again, rows, horizontal, vertical, new RandomSource(7));
        Assert.Equal(choices, again);
    }

    // ---- Translations: hand-worked ----

    private static float[] Translate(float[] image, int height, int width, float dy, float dx, FillMode fill, Interpolation interpolation,
        float fillValue = 0f)
    {
        var output = new float[image.Length];
        output.AsSpan().Fill(float.NaN);
        AugmentationMath.TranslateForward(image, [dy, dx], output, 1, height, width, 1, fill, interpolation, fillValue);
        return output;
    }

    /// <summary>
    /// 4×4 image 0…15, moved one pixel down and two left (dy = 1, dx = −2): output[y, x] = input[y − 1, x + 2], so the
    /// top row and the two right columns come from outside the image.
    /// </summary>
    [Theory]
    [InlineData(FillMode.Reflect, new float[] { 2, 3, 3, 2, 2, 3, 3, 2, 6, 7, 7, 6, 10, 11, 11, 10 })]
    [InlineData(FillMode.Wrap, new float[] { 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9 })]
    [InlineData(FillMode.Nearest, new float[] { 2, 3, 3, 3, 2, 3, 3, 3, 6, 7, 7, 7, 10, 11, 11, 11 })]
    [InlineData(FillMode.Constant, new float[] { -1, -1, -1, -1, 2, 3, -1, -1, 6, 7, -1, -1, 10, 11, -1, -1 })]
    public void Integer_offsets_shift_exactly_and_fill_the_edges(FillMode fill, float[] expected)
    {
        foreach (Interpolation interpolation in Enum.GetValues<Interpolation>())
            Assert.Equal(expected, Translate(Arange(16), 4, 4, 1f, -2f, fill, interpolation, fillValue: -1f));
    }

    /// <summary>Keras's own tests (random_translation_test.py, test_random_translation_up_numeric_reflect / _constant):
    /// a 5×5 <c>arange</c> moved up one pixel (height_factor −0.2).</summary>
    [Theory]
    [InlineData(FillMode.Reflect, new float[] { 20, 21, 22, 23, 24 })]
    [InlineData(FillMode.Constant, new float[] { 0, 0, 0, 0, 0 })]
    public void Matches_keras_moving_up_one_pixel(FillMode fill, float[] lastRow)
    {
        float[] output = Translate(Arange(25), 5, 5, -1f, 0f, fill, Interpolation.Bilinear);
        Assert.Equal(Arange(25)[5..], output[..20]);
        Assert.Equal(lastRow, output[20..]);
    }

    [Theory]
    [InlineData(FillMode.Reflect, new float[] { 12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3 })] // mirrored
    [InlineData(FillMode.Wrap, new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 })]    // a whole period
    [InlineData(FillMode.Nearest, new float[] { 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3 })]
    [InlineData(FillMode.Constant, new float[] { 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5 })]
    public void A_whole_image_height_reads_only_the_extension(FillMode fill, float[] expected)
    {
        Assert.Equal(expected, Translate(Arange(16), 4, 4, 4f, 0f, fill, Interpolation.Bilinear, fillValue: 5f));
    }

    /// <summary>One row 0, 10, 20, 30 moved a quarter pixel right (output[x] = 0.25·input[x − 1] + 0.75·input[x]) and
    /// left (0.75·input[x] + 0.25·input[x + 1]); fill value 100.</summary>
    [Theory]
    [InlineData(FillMode.Reflect, new float[] { 0, 7.5f, 17.5f, 27.5f }, new float[] { 2.5f, 12.5f, 22.5f, 30 })]
    [InlineData(FillMode.Wrap, new float[] { 7.5f, 7.5f, 17.5f, 27.5f }, new float[] { 2.5f, 12.5f, 22.5f, 22.5f })]
    [InlineData(FillMode.Nearest, new float[] { 0, 7.5f, 17.5f, 27.5f }, new float[] { 2.5f, 12.5f, 22.5f, 30 })]
    [InlineData(FillMode.Constant, new float[] { 25, 7.5f, 17.5f, 27.5f }, new float[] { 2.5f, 12.5f, 22.5f, 47.5f })]
    public void Fractional_offsets_interpolate(FillMode fill, float[] right, float[] left)
    {
        float[] row = [0, 10, 20, 30];
        Assert.Equal(right, Translate(row, 1, 4, 0f, 0.25f, fill, Interpolation.Bilinear, fillValue: 100f));
        Assert.Equal(left, Translate(row, 1, 4, 0f, -0.25f, fill, Interpolation.Bilinear, fillValue: 100f));
        // The same along the height axis.
        Assert.Equal(right, Translate(row, 4, 1, 0.25f, 0f, fill, Interpolation.Bilinear, fillValue: 100f));
    }

    [Fact]
    public void Nearest_interpolation_takes_the_nearest_pixel()
    {
        float[] row = [0, 10, 20, 30];
        Assert.Equal(row, Translate(row, 1, 4, 0f, 0.25f, FillMode.Reflect, Interpolation.Nearest));
        Assert.Equal([0f, 0f, 10f, 20f], Translate(row, 1, 4, 0f, 0.75f, FillMode.Reflect, Interpolation.Nearest));
        Assert.Equal([10f, 20f, 30f, 30f], Translate(row, 1, 4, 0f, -0.75f, FillMode.Reflect, Interpolation.Nearest));
        // Exactly halfway (x − 0.5) goes to the later pixel, x.
        Assert.Equal(row, Translate(row, 1, 4, 0f, 0.5f, FillMode.Reflect, Interpolation.Nearest));
    }

    [Fact]
    public void Bilinear_in_two_dimensions_hand_worked()
    {
        // [[0 4] [8 12]] moved half a pixel down and right, zeros outside: each output averages the 2×2 block above-left.
        float[] output = Translate([0, 4, 8, 12], 2, 2, 0.5f, 0.5f, FillMode.Constant, Interpolation.Bilinear);
        Assert.Equal([0f, 1f, 2f, 6f], output);
        // Reflect: outside pixels repeat the edge, so the top-left sample is the corner itself.
        output = Translate([0, 4, 8, 12], 2, 2, 0.5f, 0.5f, FillMode.Reflect, Interpolation.Bilinear);
        Assert.Equal([0f, 2f, 4f, 6f], output);
    }

    // ---- Translations: against a direct sampler, and the transpose ----

    /// <summary>The test's own extension of an index under a fill mode (null = the fill value): reflection applied until
    /// the index is inside, rather than the kernel's modulo.</summary>
    private static int? Extend(int index, int length, FillMode fill)
    {
        switch (fill)
        {
            case FillMode.Reflect:
                while (index < 0 || index >= length) index = index < 0 ? -index - 1 : 2 * length - 1 - index;
                return index;
            case FillMode.Wrap:
                return ((index % length) + length) % length;
            case FillMode.Nearest:
                return Math.Clamp(index, 0, length - 1);
            default:
                return index >= 0 && index < length ? index : null;
        }
    }

    /// <summary>Every output value sampled directly at (y − dy, x − dx) in double: the nearest pixel (halfway rounds up) or
    /// the four corners around the sample, each read through <see cref="Extend"/>.</summary>
    private static double[] Reference(float[] x, float[] offsets, int rows, int height, int width, int channels,
        FillMode fill, Interpolation interpolation, float fillValue)
    {
        var output = new double[x.Length];
        for (int r = 0; r < rows; r++)
            for (int y = 0; y < height; y++)
                for (int xx = 0; xx < width; xx++)
                    for (int c = 0; c < channels; c++)
                    {
                        double Read(double row, double column)
                        {
                            int? ey = Extend((int)row, height, fill), ex = Extend((int)column, width, fill);
                            return ey is int sy && ex is int sx ? x[((r * height + sy) * width + sx) * channels + c] : fillValue;
                        }
                        double sampleY = y - (double)offsets[2 * r], sampleX = xx - (double)offsets[2 * r + 1];
                        double value;
                        if (interpolation == Interpolation.Nearest) value = Read(Math.Floor(sampleY + 0.5), Math.Floor(sampleX + 0.5));
                        else
                        {
                            double y0 = Math.Floor(sampleY), x0 = Math.Floor(sampleX), fy = sampleY - y0, fx = sampleX - x0;
                            value = (1 - fy) * ((1 - fx) * Read(y0, x0) + fx * Read(y0, x0 + 1))
                                + fy * ((1 - fx) * Read(y0 + 1, x0) + fx * Read(y0 + 1, x0 + 1));
                        }
                        output[((r * height + y) * width + xx) * channels + c] = value;
                    }
        return output;
    }

    /// <summary>Offsets up to a whole image each way (factor 1), as SampleTranslations draws them.</summary>
    private static float[] Offsets(int rows, int height, int width, ulong seed)
    {
        var offsets = new float[2 * rows];
        AugmentationMath.SampleTranslations(offsets, rows, 1f, 1f, height, width, new RandomSource(seed));
        return offsets;
    }

    [Theory]
    [MemberData(nameof(ShapesAndModes))]
    public void Translate_forward_matches_direct_sampling(int rows, int height, int width, int channels, FillMode fill, Interpolation interpolation)
    {
        float[] x = TestMath.Random(rows * height * width * channels, 73);
        const float fillValue = 0.75f;
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            float[] offsets = Offsets(rows, height, width, seed);
            var output = new float[x.Length];
            output.AsSpan().Fill(float.NaN);

            AugmentationMath.TranslateForward(x, offsets, output, rows, height, width, channels, fill, interpolation, fillValue);

            TestMath.AssertClose(Reference(x, offsets, rows, height, width, channels, fill, interpolation, fillValue), output, 1e-5, 1e-6, $"seed {seed}");
        }
    }

    [Theory]
    [MemberData(nameof(ShapesAndModes))]
    public void Translate_backward_is_the_transpose_of_forward(int rows, int height, int width, int channels, FillMode fill, Interpolation interpolation)
    {
        float[] x = TestMath.Random(rows * height * width * channels, 74);
        float[] g = TestMath.Random(x.Length, 75);
        foreach (ulong seed in new ulong[] { 4, 5 })
        {
            float[] offsets = Offsets(rows, height, width, seed);
            // The forward pass is affine (the fill value is its constant): F x − F 0 is the linear map whose transpose
            // backward must be.
            var output = new float[x.Length];
            var constant = new float[x.Length];
            AugmentationMath.TranslateForward(x, offsets, output, rows, height, width, channels, fill, interpolation, 2f);
            AugmentationMath.TranslateForward(new float[x.Length], offsets, constant, rows, height, width, channels, fill, interpolation, 2f);
            var dx = new float[x.Length];
            dx.AsSpan().Fill(float.NaN);

            AugmentationMath.TranslateBackward(g, offsets, dx, rows, height, width, channels, fill, interpolation);

            double forward = TestMath.WeightedSum(output, g) - TestMath.WeightedSum(constant, g);
            double backward = TestMath.WeightedSum(dx, x);
            Assert.True(Math.Abs(forward - backward) <= 1e-4 * (1 + Math.Abs(forward)), $"seed {seed}: ⟨F x, g⟩ = {forward} but ⟨x, Fᵀ g⟩ = {backward}.");
        }
    }

    [Fact]
    public void Translate_backward_hand_worked()
    {
        // One row of 4 moved a quarter pixel right with reflect: output = [x0, 0.25·x0 + 0.75·x1, 0.25·x1 + 0.75·x2,
        // 0.25·x2 + 0.75·x3], so the gradient of x0 collects g0 + 0.25·g1, and so on.
        var dx = new float[4];
        AugmentationMath.TranslateBackward([1f, 2f, 4f, 8f], [0f, 0.25f], dx, 1, 1, 4, 1, FillMode.Reflect, Interpolation.Bilinear);
        Assert.Equal([1.5f, 2.5f, 5f, 6f], dx);
    }

    [Fact]
    public void Sampled_translations_cover_the_range_keras_draws_from()
    {
        const int rows = 2000, height = 32, width = 16;
        var offsets = new float[2 * rows];
        AugmentationMath.SampleTranslations(offsets, rows, 0.125f, -0.25f, height, width, new RandomSource(9));

        // dy uniform in ±0.125·32 = ±4 pixels, dx in ±|−0.25|·16 = ±4 pixels.
        float[] dy = Enumerable.Range(0, rows).Select(r => offsets[2 * r]).ToArray();
        float[] dx = Enumerable.Range(0, rows).Select(r => offsets[2 * r + 1]).ToArray();
        foreach (float[] axis in new[] { dy, dx })
        {
            Assert.All(axis, d => Assert.InRange(d, -4f, 4f));
            Assert.True(axis.Min() < -3.9f && axis.Max() > 3.9f);
            // Mean 0 ± 5σ (σ = 4/√3/√2000 ≈ 0.052).
            Assert.InRange(axis.Average(), -0.26, 0.26);
            Assert.True(axis.Any(d => d != MathF.Round(d)), "fractional offsets are drawn");
        }

        var again = new float[2 * rows];
        AugmentationMath.SampleTranslations(again, rows, 0.125f, -0.25f, height, width, new RandomSource(9));
        Assert.Equal(offsets, again);
    }
}
