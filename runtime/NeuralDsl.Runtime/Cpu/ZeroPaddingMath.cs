using System.ComponentModel;

namespace NeuralDsl.Cpu;

/// <summary>
/// Keras's <c>ZeroPadding2D</c> over channels-last images: each row's <c>height × width × channels</c> input becomes
/// <c>(top + height + bottom) × (left + width + right) × channels</c>, the input in the middle and zeros around it.
/// </summary>
/// <remarks>An input image row is one contiguous run of <c>width·channels</c> floats in both tensors, so both passes are
/// block copies.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ZeroPaddingMath
{
    /// <summary>Overwrites <paramref name="output"/> with the padded images.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> output, int rows, int height, int width, int channels,
        int top, int bottom, int left, int right)
    {
        (int inputSize, int outputSize) = Check(x.Length, nameof(x), output.Length, nameof(output), rows, height, width, channels, top, bottom, left, right);
        int outputWidth = left + width + right, run = width * channels;
        for (int r = 0; r < rows; r++)
        {
            Span<float> image = output.Slice(r * outputSize, outputSize);
            // Zeros above, below and beside: one clear of everything, then the input rows over it.
            image.Clear();
            for (int y = 0; y < height; y++)
                x.Slice(r * inputSize + y * run, run).CopyTo(image.Slice(((top + y) * outputWidth + left) * channels, run));
        }
    }

    /// <summary>Overwrites <paramref name="inputGradient"/> with the middle of <paramref name="outputGradient"/> (the
    /// padding's gradient goes nowhere). <paramref name="height"/> and <paramref name="width"/> are the input's.</summary>
    public static void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int rows, int height, int width, int channels,
        int top, int bottom, int left, int right)
    {
        (int inputSize, int outputSize) = Check(inputGradient.Length, nameof(inputGradient), outputGradient.Length, nameof(outputGradient),
            rows, height, width, channels, top, bottom, left, right);
        int outputWidth = left + width + right, run = width * channels;
        for (int r = 0; r < rows; r++)
            for (int y = 0; y < height; y++)
                outputGradient.Slice(r * outputSize + ((top + y) * outputWidth + left) * channels, run)
                    .CopyTo(inputGradient.Slice(r * inputSize + y * run, run));
    }

    private static (int InputSize, int OutputSize) Check(int inputLength, string inputName, int outputLength, string outputName,
        int rows, int height, int width, int channels, int top, int bottom, int left, int right)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(bottom);
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        ArgumentOutOfRangeException.ThrowIfNegative(right);
        long inputSize = (long)height * width * channels, outputSize = ((long)top + height + bottom) * ((long)left + width + right) * channels;
        long inputs = rows * inputSize, outputs = rows * outputSize;
        if (outputs > int.MaxValue)
            throw new ArgumentException($"{rows} padded rows of {outputSize} values is more than a span holds.");
        if (inputLength < inputs || outputLength < outputs)
            throw new ArgumentException(
                $"Zero padding buffers too small for {rows} rows of {height}×{width}×{channels} padded by ({top}, {bottom}, {left}, {right}): " +
                $"need {inputName} {inputs} and {outputName} {outputs} floats but got {inputLength} and {outputLength}.");
        return ((int)inputSize, (int)outputSize);
    }
}
