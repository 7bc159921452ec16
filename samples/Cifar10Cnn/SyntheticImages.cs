using NeuralDsl;

namespace Cifar10Cnn;

/// <summary>Stand-in 32×32×3 images: each class is a coloured square of its own hue at a jittered place on noise.</summary>
internal static class SyntheticImages
{
    public static LabeledData Generate(int rows, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[rows * 32 * 32 * 3];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = random.Next(10);
            labels[r] = label;
            var image = pixels.AsSpan(r * 3072, 3072);
            for (int i = 0; i < image.Length; i++) image[i] = (float)random.NextDouble() * 0.3f;
            float red = label % 3 / 2f, green = label / 3 % 3 / 2f, blue = label >= 5 ? 1f : 0f;
            int top = random.Next(0, 20), left = random.Next(0, 20), size = 8 + label % 4;
            for (int y = top; y < top + size; y++)
                for (int x = left; x < left + size; x++)
                {
                    int at = (y * 32 + x) * 3;
                    image[at] = red;
                    image[at + 1] = green;
                    image[at + 2] = blue;
                }
        }
        return new LabeledData(pixels, labels, 3072);
    }
}
