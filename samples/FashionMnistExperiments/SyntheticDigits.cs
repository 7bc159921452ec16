using NeuralDsl;

namespace FashionMnistExperiments;

/// <summary>
/// A small stand-in for Fashion-MNIST when the Debian package is not installed: 28×28 grey images of
/// ten classes, each a horizontal and a vertical stroke at class-specific places, jittered and noisy.
/// </summary>
internal static class SyntheticDigits
{
    public static LabeledData Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[rows * 784];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = random.Next(10);
            labels[r] = label;
            var image = pixels.AsSpan(r * 784, 784);
            int row = 3 + 2 * label + random.Next(-1, 2);
            int column = 24 - 2 * label + random.Next(-1, 2);
            for (int i = 0; i < 28; i++)
            {
                image[row * 28 + i] = 0.8f;
                image[i * 28 + column] = 0.8f;
            }
            for (int i = 0; i < 784; i++)
                image[i] = Math.Clamp(image[i] + (float)(random.NextDouble() * 0.4 - 0.2), 0f, 1f);
        }
        return new LabeledData(pixels, labels, 784);
    }
}
