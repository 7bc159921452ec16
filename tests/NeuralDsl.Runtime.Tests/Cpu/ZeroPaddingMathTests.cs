using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

public sealed class ZeroPaddingMathTests
{
    // rows, height, width, channels, top, bottom, left, right
    public static TheoryData<int, int, int, int, int, int, int, int> Geometries => new()
    {
        { 1, 3, 4, 1, 1, 1, 1, 1 },
        { 5, 2, 3, 3, 0, 2, 1, 0 },
        { 1, 4, 4, 17, 2, 0, 0, 3 },
        { 5, 3, 2, 33, 1, 2, 3, 1 },
        { 5, 1, 1, 3, 0, 0, 0, 0 },
    };

    /// <summary>The padded images, built cell by cell.</summary>
    private static double[] Reference(float[] x, int rows, int height, int width, int channels, int top, int bottom, int left, int right)
    {
        int outputHeight = top + height + bottom, outputWidth = left + width + right;
        var output = new double[rows * outputHeight * outputWidth * channels];
        for (int r = 0; r < rows; r++)
            for (int y = 0; y < outputHeight; y++)
                for (int xx = 0; xx < outputWidth; xx++)
                    for (int c = 0; c < channels; c++)
                    {
                        int iy = y - top, ix = xx - left;
                        bool inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                        output[((r * outputHeight + y) * outputWidth + xx) * channels + c] =
                            inside ? x[((r * height + iy) * width + ix) * channels + c] : 0;
                    }
        return output;
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_places_the_input_inside_zeros(int rows, int height, int width, int channels, int top, int bottom, int left, int right)
    {
        float[] x = TestMath.Random(rows * height * width * channels, 51);
        double[] expected = Reference(x, rows, height, width, channels, top, bottom, left, right);
        var output = new float[expected.Length];
        output.AsSpan().Fill(float.NaN);

        ZeroPaddingMath.Forward(x, output, rows, height, width, channels, top, bottom, left, right);

        TestMath.AssertClose(expected, output, 0, 0, "output");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Backward_is_the_adjoint_of_forward(int rows, int height, int width, int channels, int top, int bottom, int left, int right)
    {
        float[] x = TestMath.Random(rows * height * width * channels, 52);
        float[] g = TestMath.Random(rows * (top + height + bottom) * (left + width + right) * channels, 53);
        var output = new float[g.Length];
        var dx = new float[x.Length];
        dx.AsSpan().Fill(float.NaN);

        ZeroPaddingMath.Forward(x, output, rows, height, width, channels, top, bottom, left, right);
        ZeroPaddingMath.Backward(g, dx, rows, height, width, channels, top, bottom, left, right);

        // ⟨F x, g⟩ = ⟨x, Fᵀ g⟩, and the backward pass is a plain gather, so exact per value.
        Assert.Equal(TestMath.WeightedSum(output, g), TestMath.WeightedSum(dx, x), 1e-9);
        double[] gathered = new double[x.Length];
        int outputWidth = left + width + right, outputHeight = top + height + bottom;
        for (int i = 0; i < x.Length; i++)
        {
            int c = i % channels, ix = i / channels % width, iy = i / channels / width % height, r = i / (height * width * channels);
            gathered[i] = g[((r * outputHeight + iy + top) * outputWidth + ix + left) * channels + c];
        }
        TestMath.AssertClose(gathered, dx, 0, 0, "input");
    }
}
