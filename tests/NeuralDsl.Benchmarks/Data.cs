using System.IO.Compression;

namespace NeuralDsl.Benchmarks;

/// <summary>Inputs for the benchmarks: a batch of real Fashion-MNIST pixels when the Debian package is
/// installed (about half of them are zero), otherwise a synthetic batch with the same share of zeros.</summary>
public static class Data
{
    public const string FashionMnistImages = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz";

    public static float[] Pixels(int rows, int columns, out string source)
    {
        var x = new float[rows * columns];
        if (columns == 784 && File.Exists(FashionMnistImages))
        {
            using var stream = new GZipStream(File.OpenRead(FashionMnistImages), CompressionMode.Decompress);
            var header = new byte[16];
            stream.ReadExactly(header);
            var bytes = new byte[rows * columns];
            stream.ReadExactly(bytes);
            for (int i = 0; i < bytes.Length; i++) x[i] = bytes[i] / 255f;
            source = "Fashion-MNIST";
        }
        else
        {
            var random = new Random(7);
            for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble() < 0.5 ? 0f : (float)random.NextDouble();
            source = "synthetic";
        }
        return x;
    }

    /// <summary>Uniform in [−scale, scale), with the given share of exact zeros (as after a ReLU).</summary>
    public static float[] Random(int length, float scale, double zeros, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = random.NextDouble() < zeros ? 0f : (float)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }

    /// <summary>Uniform in [0, 1), like scaled pixels.</summary>
    public static float[] Uniform(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = random.NextSingle();
        return values;
    }

    /// <summary>A class index in [0, classes) per row, uniformly drawn.</summary>
    public static int[] Labels(int rows, int classes, int seed)
    {
        var random = new Random(seed);
        var labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = random.Next(classes);
        return labels;
    }

    public static double ZeroShare(ReadOnlySpan<float> values)
    {
        int zeros = 0;
        foreach (float v in values) if (v == 0f) zeros++;
        return zeros / (double)values.Length;
    }
}
