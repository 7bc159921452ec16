using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

/// <summary>The forward convolution that reads its input in place (<see cref="DirectConvolution"/>) against im2col + the
/// matrix product on the same register tile: the same multiply-adds in the same order, so the same bits, wherever a tile's
/// cells lie (across the ends of output rows and images).</summary>
public sealed unsafe class DirectConvolutionTests
{
    // height, width, channels, window, stride, same, filters, rows
    public static TheoryData<string, int, int, int, int, int, bool, int, int> PathsAndGeometries()
    {
        var data = new TheoryData<string, int, int, int, int, int, bool, int, int>();
        (int, int, int, int, int, bool, int, int)[] geometries =
        [
            (6, 6, 1, 3, 1, false, 1, 1),
            (7, 5, 3, 3, 1, true, 4, 3),
            (9, 8, 1, 3, 2, true, 4, 3),
            (10, 9, 2, 5, 2, true, 3, 2),
            (4, 3, 1, 5, 1, true, 1, 1),      // window larger than the image
            (11, 11, 2, 4, 3, true, 4, 3),   // more padding at the bottom / right
            (28, 28, 1, 3, 1, false, 32, 2), // the Keras convnet's layers
            (13, 13, 32, 3, 1, false, 64, 2),
            (32, 32, 16, 3, 1, true, 16, 2), // ResNet-20's stages
            (16, 16, 32, 3, 2, true, 40, 3),
            (8, 8, 3, 1, 2, false, 17, 2),   // strided 1×1: read in place, no padding
            (3, 3, 2, 3, 1, false, 5, 7),    // one output cell an image: a tile gathers cells of seven images
            (5, 5, 2, 3, 1, true, 3, 5),     // 25 cells an image: tiles cross image ends in padded frames, chunks of 2
        ];
        foreach (string path in Enum.GetNames<GemmPath>())
            foreach (var (h, w, c, k, stride, same, filters, rows) in geometries)
                data.Add(path, h, w, c, k, stride, same, filters, rows);
        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndGeometries))]
    public void Reading_the_input_in_place_gives_the_bits_of_im2col(string pathName, int h, int w, int c, int k, int stride, bool same, int filters, int rows)
    {
        var path = Enum.Parse<GemmPath>(pathName);
        var window = Window2D.Create(h, w, c, k, k, stride, stride, same);
        int patch = k * k * c, positions = window.OutputPositions;
        float[] x = TestMath.Random(rows * window.InputSize, 91, zeros: 0.2), kernel = TestMath.Random(patch * filters, 92, -0.5f, 0.5f);
        float[] bias = TestMath.Random(filters, 93);

        var columns = new float[rows * positions * patch];
        Expand(x, columns, rows, window);
        var expected = new float[rows * positions * filters];
        GemmEngine.Nn<Relu>(columns, kernel, bias, expected, rows * positions, patch, filters, path);

        var actual = new float[expected.Length];
        actual.AsSpan().Fill(float.NaN);
        int frame = DirectConvolution.FrameSize(window);
        var frames = new float[Math.Max(1, 2 * frame)];
        frames.AsSpan().Fill(float.NaN); // the padding must be written, not found
        fixed (float* px = x, pk = kernel, pb = bias, po = actual, pf = frames)
            DirectConvolution.Forward<Relu>(px, pk, pb, po, pf, chunk: 2, rows, window, filters, path);

        Assert.Equal(expected, actual);

        // A BatchNormalization folded into the epilogue: the scaled tiles of both forms give the same bits too.
        float[] scale = TestMath.Random(filters, 94, 0.5f, 2f);
        GemmEngine.Nn<Relu>(columns, kernel, bias, expected, rows * positions, patch, filters, path, scale);
        actual.AsSpan().Fill(float.NaN);
        fixed (float* px = x, pk = kernel, pb = bias, ps = scale, po = actual, pf = frames)
            DirectConvolution.Forward<Relu>(px, pk, pb, po, pf, chunk: 2, rows, window, filters, path, ps);
        Assert.Equal(expected, actual);

        // An Add fused into the epilogue as well: its residual read at each output's place, tiles cut by the right edge too.
        float[] residual = TestMath.Random(expected.Length, 95, -2f, 2f);
        GemmEngine.Nn<Linear>(columns, kernel, bias, expected, rows * positions, patch, filters, path, scale);
        VectorOps.Add(expected, residual, expected);
        ActivationMath.Forward<Relu>(expected, expected);
        actual.AsSpan().Fill(float.NaN);
        fixed (float* px = x, pk = kernel, pb = bias, ps = scale, pr = residual, po = actual, pf = frames)
            DirectConvolution.Forward<Relu>(px, pk, pb, po, pf, chunk: 2, rows, window, filters, path, ps, pr);
        Assert.Equal(expected, actual);
    }

    /// <summary>im2col, the reference: row <c>n·positions + oy·OutputWidth + ox</c> holds the patch of output cell (oy, ox) of
    /// image n in (ky, kx, c) order, zeros for padding.</summary>
    private static void Expand(float[] x, float[] columns, int rows, Window2D w)
    {
        int patch = w.WindowHeight * w.WindowWidth * w.InputChannels, at = 0;
        for (int n = 0; n < rows; n++)
            for (int oy = 0; oy < w.OutputHeight; oy++)
                for (int ox = 0; ox < w.OutputWidth; ox++)
                    for (int ky = 0; ky < w.WindowHeight; ky++)
                        for (int kx = 0; kx < w.WindowWidth; kx++)
                        {
                            int iy = oy * w.StrideHeight + ky - w.PadTop, ix = ox * w.StrideWidth + kx - w.PadLeft;
                            bool inside = iy >= 0 && iy < w.InputHeight && ix >= 0 && ix < w.InputWidth;
                            for (int c = 0; c < w.InputChannels; c++, at++)
                                columns[at] = inside ? x[n * w.InputSize + (iy * w.InputWidth + ix) * w.InputChannels + c] : 0f;
                        }
        Assert.Equal(rows * w.OutputPositions * patch, at);
    }
}
