using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

/// <summary>Window2D.Create against shapes computed by hand with the Keras / TensorFlow formulas.</summary>
public sealed class ConvWindow2DTests
{
    [Theory]
    // input, window, stride, same → output, pad before (top = left here)
    [InlineData(28, 3, 1, false, 26, 0)]
    [InlineData(28, 3, 1, true, 28, 1)]
    [InlineData(28, 3, 2, true, 14, 0)]   // total padding (14 − 1)·2 + 3 − 28 = 1: top 0, bottom 1
    [InlineData(5, 2, 2, false, 2, 0)]
    [InlineData(13, 2, 2, false, 6, 0)]   // MaxPooling2D(2) on 13
    [InlineData(13, 2, 2, true, 7, 0)]    // same: total (7 − 1)·2 + 2 − 13 = 1
    [InlineData(32, 5, 1, true, 32, 2)]
    [InlineData(7, 3, 3, true, 3, 1)]     // total (3 − 1)·3 + 3 − 7 = 2
    [InlineData(8, 1, 2, true, 4, 0)]     // total (4 − 1)·2 + 1 − 8 < 0 → no padding
    [InlineData(3, 3, 1, false, 1, 0)]
    public void Create_matches_keras_shapes(int input, int window, int stride, bool same, int output, int pad)
    {
        Window2D w = Window2D.Create(input, input, 4, window, window, stride, stride, same);

        Assert.Equal((output, output, pad, pad), (w.OutputHeight, w.OutputWidth, w.PadTop, w.PadLeft));
        Assert.Equal(input * input * 4, w.InputSize);
        Assert.Equal(output * output, w.OutputPositions);
    }

    [Fact]
    public void Create_treats_height_and_width_separately()
    {
        Window2D w = Window2D.Create(28, 13, 1, 3, 2, 2, 1, samePadding: true);

        Assert.Equal(new Window2D(28, 13, 1, 3, 2, 2, 1, 0, 0, 14, 13), w);
        Assert.Equal(new Window2D(9, 12, 3, 2, 5, 1, 3, 0, 0, 8, 3), Window2D.Create(9, 12, 3, 2, 5, 1, 3, samePadding: false));
        // Same, 5 wide with stride 1 on 12: total padding 4 → 2 left, 2 right; 2 high on 9: total 1 → 0 top, 1 bottom.
        Assert.Equal(new Window2D(9, 12, 3, 2, 5, 1, 1, 0, 2, 9, 12), Window2D.Create(9, 12, 3, 2, 5, 1, 1, samePadding: true));
    }

    [Fact]
    public void Create_rejects_bad_geometry_naming_the_sizes()
    {
        var tooBig = Assert.Throws<ArgumentException>(() => Window2D.Create(2, 5, 1, 3, 3, 1, 1, false));
        Assert.Contains("3×3", tooBig.Message);
        Assert.Contains("2×5", tooBig.Message);
        Assert.Throws<ArgumentException>(() => Window2D.Create(0, 5, 1, 1, 1, 1, 1, true));
        Assert.Throws<ArgumentException>(() => Window2D.Create(5, 5, 0, 1, 1, 1, 1, true));
        Assert.Throws<ArgumentException>(() => Window2D.Create(5, 5, 1, 0, 1, 1, 1, true));
        Assert.Throws<ArgumentException>(() => Window2D.Create(5, 5, 1, 1, 1, 1, 0, true));
        // A window larger than the input is fine with same padding (Keras allows it).
        Assert.Equal(3, Window2D.Create(3, 3, 1, 5, 5, 1, 1, true).OutputHeight);
    }
}
