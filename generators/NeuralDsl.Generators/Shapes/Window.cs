using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Shapes;

/// <summary>
/// The geometry of a convolution or pooling window over a height × width × channels input, as Keras (and
/// TensorFlow) compute it. Valid: <c>floor((in − window) / stride) + 1</c>, no padding. Same:
/// <c>ceil(in / stride)</c>, with <c>max((out − 1)·stride + window − in, 0)</c> zeros split evenly, the extra
/// one at the bottom / right.
/// </summary>
internal sealed record Window(
    int InputHeight,
    int InputWidth,
    int InputChannels,
    int WindowHeight,
    int WindowWidth,
    int Stride,
    bool SamePadding,
    int PadTop,
    int PadLeft,
    int OutputHeight,
    int OutputWidth)
{
    /// <summary>The window over <paramref name="input"/> (rank 3), or null when a valid-padding window does not fit.</summary>
    public static Window? Create(Shape input, int windowHeight, int windowWidth, int stride, bool samePadding)
    {
        int height = input.Dims[0], width = input.Dims[1], channels = input.Dims[2];
        if (samePadding)
        {
            int outHeight = (int)(((long)height + stride - 1) / stride), outWidth = (int)(((long)width + stride - 1) / stride);
            return new Window(height, width, channels, windowHeight, windowWidth, stride, true,
                PadBefore(height, outHeight, windowHeight, stride), PadBefore(width, outWidth, windowWidth, stride), outHeight, outWidth);
        }
        if (windowHeight > height || windowWidth > width) return null;
        return new Window(height, width, channels, windowHeight, windowWidth, stride, false, 0, 0,
            (height - windowHeight) / stride + 1, (width - windowWidth) / stride + 1);
    }

    private static int PadBefore(int input, int output, int window, int stride)
    {
        long total = (long)(output - 1) * stride + window - input;
        return total <= 0 ? 0 : (int)(total / 2);
    }

    /// <summary><c>5×5</c>: the window as messages show it.</summary>
    public string WindowText => Literals.Int(WindowHeight) + "\u00D7" + Literals.Int(WindowWidth);

    /// <summary><c>stride 2, same padding (pad top 0, left 1)</c> or <c>stride 1, valid padding</c>.</summary>
    public string StrideAndPadding => "stride " + Literals.Int(Stride) + ", " +
        (SamePadding ? "same padding (pad top " + Literals.Int(PadTop) + ", left " + Literals.Int(PadLeft) + ")" : "valid padding");
}
