/// <summary>
/// Grayscale images (Fashion-MNIST's 28×28, values in [0, 1]) made into what an ImageNet network such as torchvision's
/// ResNet-50 takes: resized bilinearly to 224×224 (pixel centres aligned, as torchvision's <c>Resize</c> on a tensor
/// without antialiasing), the gray repeated on the three channels, then each channel normalised with ImageNet's mean and
/// standard deviation. NHWC, as every NeuralDsl image model.
/// </summary>
internal static class ImageNetInput
{
    /// <summary>The side of the networks' input.</summary>
    public const int Side = 224;

    /// <summary>The floats of one image: 224 × 224 × 3.</summary>
    public const int Size = Side * Side * 3;

    private static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>The <paramref name="count"/> square grayscale images of side <paramref name="side"/> at the start of
    /// <paramref name="images"/>, one after another, as ImageNet input.</summary>
    public static float[] FromGrayscale(ReadOnlySpan<float> images, int side, int count)
    {
        if (images.Length < count * side * side)
            throw new ArgumentException($"{count} images of {side}×{side} need {count * side * side} values; there are {images.Length}.", nameof(images));
        var (low, high, weight) = Taps(side);
        var output = new float[count * Size];
        for (int n = 0; n < count; n++)
        {
            var image = images.Slice(n * side * side, side * side);
            var destination = output.AsSpan(n * Size, Size);
            for (int y = 0; y < Side; y++)
            {
                for (int x = 0; x < Side; x++)
                {
                    float top = Lerp(image[low[y] * side + low[x]], image[low[y] * side + high[x]], weight[x]);
                    float bottom = Lerp(image[high[y] * side + low[x]], image[high[y] * side + high[x]], weight[x]);
                    float gray = Lerp(top, bottom, weight[y]);
                    int pixel = (y * Side + x) * 3;
                    for (int c = 0; c < 3; c++) destination[pixel + c] = (gray - Mean[c]) / Std[c];
                }
            }
        }
        return output;
    }

    /// <summary>For each output coordinate, the two source coordinates it lies between and the weight of the second.</summary>
    private static (int[] Low, int[] High, float[] Weight) Taps(int side)
    {
        var low = new int[Side];
        var high = new int[Side];
        var weight = new float[Side];
        float scale = (float)side / Side;
        for (int i = 0; i < Side; i++)
        {
            float source = Math.Clamp((i + 0.5f) * scale - 0.5f, 0f, side - 1);
            low[i] = (int)source;
            high[i] = Math.Min(low[i] + 1, side - 1);
            weight[i] = source - low[i];
        }
        return (low, high, weight);
    }

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;
}
