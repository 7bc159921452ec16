namespace NeuralDsl.Runtime.Tests.Data;

public sealed class Cifar10Tests : IDisposable
{
    private const int Record = 3073;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cifar10-tests-" + Guid.NewGuid().ToString("N"));

    public Cifar10Tests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Images whose every value is a whole number of 255ths, so a write / read round trip is exact.</summary>
    private static float[] Images(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * Cifar10.FeatureSize];
        for (int i = 0; i < values.Length; i++) values[i] = random.Next(256) / 255f;
        return values;
    }

    [Fact]
    public void Write_then_read_round_trips_exactly()
    {
        float[] images = Images(3, 1);
        int[] labels = [7, 0, 9];
        string path = Path.Combine(_dir, "batch.bin");

        Cifar10.WriteBatch(path, images, labels);
        LabeledData data = Cifar10.ReadBatch(path);

        Assert.Equal(3 * Record, new FileInfo(path).Length);
        Assert.Equal(3, data.Rows);
        Assert.Equal(32 * 32 * 3, data.FeatureSize);
        Assert.Equal(labels, data.Labels);
        Assert.Equal(images, data.Features);
    }

    [Fact]
    public void Planes_become_channels_last()
    {
        // One record by hand: pixel (row 2, column 5) has red 10, green 20, blue 30; all else 0.
        var bytes = new byte[Record];
        bytes[0] = 4;
        int p = 2 * 32 + 5;
        bytes[1 + p] = 10;
        bytes[1 + 1024 + p] = 20;
        bytes[1 + 2048 + p] = 30;
        bytes[1 + 2048 + 1023] = 255;   // blue of the last pixel
        string path = Path.Combine(_dir, "one.bin");
        File.WriteAllBytes(path, bytes);

        LabeledData data = Cifar10.ReadBatch(path);

        Assert.Equal([4], data.Labels);
        float[] f = data.Features;
        Assert.Equal(10 / 255f, f[(2 * 32 + 5) * 3 + 0]);
        Assert.Equal(20 / 255f, f[(2 * 32 + 5) * 3 + 1]);
        Assert.Equal(30 / 255f, f[(2 * 32 + 5) * 3 + 2]);
        Assert.Equal(1f, f[3071]);
        Assert.Equal(4, f.Count(v => v != 0));

        // And back: WriteBatch restores the planar layout byte for byte.
        string again = Path.Combine(_dir, "again.bin");
        Cifar10.WriteBatch(again, f, data.Labels);
        Assert.Equal(bytes, File.ReadAllBytes(again));
    }

    [Fact]
    public void Load_concatenates_the_five_training_batches_in_order()
    {
        for (int b = 1; b <= 5; b++)
            Cifar10.WriteBatch(Path.Combine(_dir, $"data_batch_{b}.bin"), Images(b, b), Enumerable.Repeat(b, b).ToArray());
        Cifar10.WriteBatch(Path.Combine(_dir, "test_batch.bin"), Images(2, 9), [0, 9]);

        (LabeledData train, LabeledData test) = Cifar10.Load(_dir);

        Assert.Equal(15, train.Rows);
        Assert.Equal([1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5], train.Labels);
        Assert.Equal(Images(1, 1).Concat(Images(2, 2)).Concat(Images(3, 3)).Concat(Images(4, 4)).Concat(Images(5, 5)), train.Features);
        Assert.Equal([0, 9], test.Labels);
        Assert.Equal(Images(2, 9), test.Features);
    }

    [Fact]
    public void Missing_files_are_listed_with_how_to_get_the_data()
    {
        Cifar10.WriteBatch(Path.Combine(_dir, "data_batch_1.bin"), Images(1, 1), [1]);
        Cifar10.WriteBatch(Path.Combine(_dir, "data_batch_3.bin"), Images(1, 1), [1]);

        var e = Assert.Throws<FileNotFoundException>(() => Cifar10.Load(_dir));

        Assert.Contains("data_batch_2.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin", e.Message);
        Assert.DoesNotContain("data_batch_1.bin", e.Message);
        Assert.Contains(_dir, e.Message);
        Assert.Contains("not installable", e.Message);
        Assert.Contains("cifar-10-binary.tar.gz", e.Message);
    }

    [Fact]
    public void A_truncated_file_says_how_many_records_and_bytes_it_holds()
    {
        string path = Path.Combine(_dir, "short.bin");
        File.WriteAllBytes(path, new byte[2 * Record + 100]);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.ReadBatch(path));

        Assert.Contains(path, e.Message);
        Assert.Contains($"{2 * Record + 100} bytes", e.Message);
        Assert.Contains("2 whole records", e.Message);
        Assert.Contains("100 bytes left over", e.Message);
    }

    [Fact]
    public void A_label_above_nine_names_the_record_and_value()
    {
        string path = Path.Combine(_dir, "label.bin");
        var bytes = new byte[3 * Record];
        bytes[2 * Record] = 10;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.ReadBatch(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("record 2", e.Message);
        Assert.Contains("label 10", e.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        string path = Path.Combine(_dir, "empty.bin");
        File.WriteAllBytes(path, []);

        var e = Assert.Throws<InvalidDataException>(() => Cifar10.ReadBatch(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void Write_rejects_mismatched_sizes_bad_labels_and_values()
    {
        string path = Path.Combine(_dir, "bad.bin");
        Assert.Throws<ArgumentException>(() => Cifar10.WriteBatch(path, new float[3071], [1]));
        Assert.Throws<ArgumentException>(() => Cifar10.WriteBatch(path, new float[3072], [10]));
        Assert.Throws<ArgumentException>(() => Cifar10.WriteBatch(path, new float[3072], [-1]));
        var bright = new float[3072];
        bright[5] = 1.5f;
        Assert.Throws<ArgumentException>(() => Cifar10.WriteBatch(path, bright, [1]));
    }

    [Fact]
    public void Class_names_follow_the_labels()
    {
        string[] names = Cifar10.ClassNames;
        Assert.Equal(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"], names);
        names[0] = "changed";
        Assert.Equal("airplane", Cifar10.ClassNames[0]);
    }
}
