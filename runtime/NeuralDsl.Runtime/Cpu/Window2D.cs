namespace NeuralDsl.Cpu;

/// <summary>
/// Geometry of a 2-D window (convolution or pooling) sliding over one H×W×C image stored channels last
/// (NHWC, as Keras). Output cell (oy, ox) covers input rows <c>oy·StrideHeight − PadTop + ky</c> and
/// columns <c>ox·StrideWidth − PadLeft + kx</c>; cells outside the image are padding.
/// </summary>
public readonly record struct Window2D(
    int InputHeight, int InputWidth, int InputChannels,
    int WindowHeight, int WindowWidth,
    int StrideHeight, int StrideWidth,
    int PadTop, int PadLeft,
    int OutputHeight, int OutputWidth)
{
    /// <summary>Floats per input row (one image): height × width × channels.</summary>
    public int InputSize => InputHeight * InputWidth * InputChannels;

    /// <summary>Output cells per image (height × width, channels not counted).</summary>
    public int OutputPositions => OutputHeight * OutputWidth;

    /// <summary>Multiply-adds of a convolution over this window with <paramref name="filters"/> filters on
    /// <paramref name="images"/> images (each of its three passes does as many).</summary>
    internal long MultiplyAdds(int images, int filters) =>
        (long)images * OutputPositions * WindowHeight * WindowWidth * InputChannels * filters;

    /// <summary>
    /// Keras / TensorFlow geometry. Valid: <c>out = floor((in − window) / stride) + 1</c>, no padding.
    /// Same: <c>out = ceil(in / stride)</c>, total padding <c>max((out − 1)·stride + window − in, 0)</c>,
    /// of which top / left get <c>floor(total / 2)</c> and bottom / right the rest.
    /// </summary>
    public static Window2D Create(int inputHeight, int inputWidth, int inputChannels, int windowHeight, int windowWidth,
        int strideHeight, int strideWidth, bool samePadding)
    {
        if (inputHeight <= 0 || inputWidth <= 0 || inputChannels <= 0)
            throw new ArgumentException($"The input must have a positive size but is {inputHeight}×{inputWidth}×{inputChannels}.");
        if (windowHeight <= 0 || windowWidth <= 0)
            throw new ArgumentException($"The window must have a positive size but is {windowHeight}×{windowWidth}.");
        if (strideHeight <= 0 || strideWidth <= 0)
            throw new ArgumentException($"The strides must be positive but are {strideHeight}×{strideWidth}.");
        if (samePadding)
        {
            (int outH, int padTop) = Same(inputHeight, windowHeight, strideHeight);
            (int outW, int padLeft) = Same(inputWidth, windowWidth, strideWidth);
            return new Window2D(inputHeight, inputWidth, inputChannels, windowHeight, windowWidth,
                strideHeight, strideWidth, padTop, padLeft, outH, outW);
        }
        if (windowHeight > inputHeight || windowWidth > inputWidth)
            throw new ArgumentException(
                $"A {windowHeight}×{windowWidth} window does not fit a {inputHeight}×{inputWidth} input without padding.");
        return new Window2D(inputHeight, inputWidth, inputChannels, windowHeight, windowWidth, strideHeight, strideWidth, 0, 0,
            (inputHeight - windowHeight) / strideHeight + 1, (inputWidth - windowWidth) / strideWidth + 1);
    }

    private static (int Output, int PadBefore) Same(int input, int window, int stride)
    {
        int output = (input + stride - 1) / stride;
        int total = Math.Max((output - 1) * stride + window - input, 0);
        return (output, total / 2);
    }

    /// <summary>Throws unless every size is positive and the padding non-negative (what the kernels rely on).</summary>
    internal void Validate()
    {
        if (InputHeight <= 0 || InputWidth <= 0 || InputChannels <= 0 || WindowHeight <= 0 || WindowWidth <= 0
            || StrideHeight <= 0 || StrideWidth <= 0 || PadTop < 0 || PadLeft < 0 || OutputHeight <= 0 || OutputWidth <= 0)
            throw new ArgumentException($"Invalid window geometry {this}: sizes and strides must be positive and padding non-negative.");
    }

    /// <summary>The cells of output cell (<paramref name="oy"/>, <paramref name="ox"/>)'s window that lie inside the input:
    /// the input cell (iy · InputWidth + ix) of the first of them and how many rows and columns of cells (0 for a window
    /// wholly in the padding). Every pooling pass walks its windows through this.</summary>
    internal (int Cell, int Rows, int Columns) InsideCells(int oy, int ox)
    {
        int iy0 = oy * StrideHeight - PadTop, ix0 = ox * StrideWidth - PadLeft;
        var (ky0, ky1) = Clip(iy0, WindowHeight, InputHeight);
        var (kx0, kx1) = Clip(ix0, WindowWidth, InputWidth);
        return ((iy0 + ky0) * InputWidth + ix0 + kx0, Math.Max(0, ky1 - ky0), Math.Max(0, kx1 - kx0));
    }

    /// <summary>The window's valid cells along one axis: offsets [from, to) that land inside [0, size).</summary>
    private static (int From, int To) Clip(int start, int window, int size) =>
        (Math.Max(0, -start), Math.Min(window, size - start));
}
