namespace NeuralDsl;

/// <summary>
/// CIFAR-10 (Krizhevsky, 2009): 32×32 colour images in 10 classes, 50000 for training (data_batch_1.bin …
/// data_batch_5.bin) and 10000 for testing (test_batch.bin), in the "binary version" format: each record is
/// one label byte (0–9) then 3072 bytes, the 1024 red, 1024 green and 1024 blue values of the image, each plane
/// row-major. Images are returned channels last (HWC, one row = 32 × 32 × 3 floats, as Keras) scaled to [0, 1].
/// </summary>
public static class Cifar10
{
    /// <summary>Image height and width.</summary>
    public const int ImageSize = 32;

    /// <summary>Colour channels (red, green, blue).</summary>
    public const int Channels = 3;

    /// <summary>Floats per image: 32 × 32 × 3.</summary>
    public const int FeatureSize = ImageSize * ImageSize * Channels;

    private const int Plane = ImageSize * ImageSize;
    private const int RecordSize = 1 + FeatureSize;

    private static readonly string[] Names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    private static readonly string[] TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
    private const string TestFile = "test_batch.bin";

    /// <summary>The 10 class names, indexed by label.</summary>
    public static string[] ClassNames => (string[])Names.Clone();

    /// <summary>Loads the five training batches (in order) and the test batch from <paramref name="directory"/>
    /// (the extracted <c>cifar-10-batches-bin</c> folder).</summary>
    public static (LabeledData Train, LabeledData Test) Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var missing = new List<string>();
        foreach (string name in TrainFiles)
            if (!File.Exists(Path.Combine(directory, name))) missing.Add(name);
        if (!File.Exists(Path.Combine(directory, TestFile))) missing.Add(TestFile);
        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"CIFAR-10 not found in {directory}: missing {string.Join(", ", missing)}. " +
                "The data set is not installable on this machine: download cifar-10-binary.tar.gz from the CIFAR-10 page " +
                "(https://www.cs.toronto.edu/~kriz/cifar.html), extract it and pass the cifar-10-batches-bin directory.",
                Path.Combine(directory, missing[0]));
        }

        var parts = new LabeledData[TrainFiles.Length];
        int rows = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = ReadBatch(Path.Combine(directory, TrainFiles[i]));
            rows += parts[i].Rows;
        }

        var features = new float[(long)rows * FeatureSize];
        var labels = new int[rows];
        int row = 0;
        foreach (LabeledData part in parts)
        {
            part.Features.CopyTo(features, (long)row * FeatureSize);
            part.Labels.CopyTo(labels, row);
            row += part.Rows;
        }

        return (new LabeledData(features, labels, FeatureSize), ReadBatch(Path.Combine(directory, TestFile)));
    }

    /// <summary>Reads one batch file: labels, and images as HWC floats in [0, 1].</summary>
    public static LabeledData ReadBatch(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
            throw new InvalidDataException($"{path}: the file is empty; a CIFAR-10 batch holds records of {RecordSize} bytes.");
        if (bytes.Length % RecordSize != 0)
        {
            throw new InvalidDataException(
                $"{path}: {bytes.Length} bytes is not a whole number of {RecordSize}-byte records " +
                $"({bytes.Length / RecordSize} whole records and {bytes.Length % RecordSize} bytes left over).");
        }

        int rows = bytes.Length / RecordSize;
        var features = new float[(long)rows * FeatureSize];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<byte> record = bytes.AsSpan(r * RecordSize, RecordSize);
            if (record[0] > 9)
                throw new InvalidDataException($"{path}: record {r} has label {record[0]}, but CIFAR-10 labels are 0 to 9.");
            labels[r] = record[0];
            Span<float> image = features.AsSpan(r * FeatureSize, FeatureSize);
            for (int p = 0; p < Plane; p++)
                for (int ch = 0; ch < Channels; ch++)
                    // Division (not multiplication by 1/255) keeps 255 -> exactly 1.0f, as Scaling.FromBytes.
                    image[p * Channels + ch] = record[1 + ch * Plane + p] / 255f;
        }

        return new LabeledData(features, labels, FeatureSize);
    }

    /// <summary>
    /// Writes images (HWC, 32 × 32 × 3 floats each, in [0, 1]) and labels as a CIFAR-10 batch file, the inverse of
    /// <see cref="ReadBatch"/>: each value is rounded to the nearest of 0..255. The file is written atomically
    /// (<see cref="AtomicFile"/>).
    /// </summary>
    public static void WriteBatch(string path, ReadOnlySpan<float> hwcImages, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(path);
        if ((long)labels.Length * FeatureSize != hwcImages.Length)
        {
            throw new ArgumentException(
                $"{labels.Length} labels × {FeatureSize} values need {(long)labels.Length * FeatureSize} image values but {hwcImages.Length} were given.",
                nameof(hwcImages));
        }

        var bytes = new byte[(long)labels.Length * RecordSize];
        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] > 9)
                throw new ArgumentException($"Label {r} is {labels[r]}, but CIFAR-10 labels are 0 to 9.", nameof(labels));
            Span<byte> record = bytes.AsSpan(r * RecordSize, RecordSize);
            record[0] = (byte)labels[r];
            ReadOnlySpan<float> image = hwcImages.Slice(r * FeatureSize, FeatureSize);
            for (int p = 0; p < Plane; p++)
                for (int ch = 0; ch < Channels; ch++)
                {
                    float v = image[p * Channels + ch];
                    if (!(v >= 0f && v <= 1f))
                        throw new ArgumentException($"Image {r} value {p * Channels + ch} is {v}, outside [0, 1].", nameof(hwcImages));
                    record[1 + ch * Plane + p] = (byte)MathF.Round(v * 255f);
                }
        }

        // Atomic, as every file the library writes: a crash leaves the old file or the new one, never half of it.
        using var file = AtomicFile.Create(path);
        file.Stream.Write(bytes);
        file.Commit();
    }
}
