using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuralDsl.Runtime.Tests.Data;

public sealed class IdxTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "idx-tests-" + Guid.NewGuid().ToString("N"));

    public IdxTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static byte[] Sequence(int count) => Enumerable.Range(0, count).Select(i => (byte)(i * 7 % 256)).ToArray();

    // Incompressible, so cutting the file in half really cuts into the data.
    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Header(byte type, params int[] shape)
    {
        var header = new byte[4 + 4 * shape.Length];
        header[2] = type;
        header[3] = (byte)shape.Length;
        for (int i = 0; i < shape.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), shape[i]);
        }

        return header;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    [Theory]
    [InlineData("images.idx")]
    [InlineData("images.idx.gz")]
    public void Write_then_Read_round_trips_shape_and_values(string name)
    {
        string path = PathOf(name);
        byte[] data = Sequence(3 * 4 * 5);
        Idx.Write(path, data, 3, 4, 5);

        IdxArray array = Idx.Read(path);

        Assert.Equal(new[] { 3, 4, 5 }, array.Shape);
        Assert.Equal(data, array.Data);
        Assert.Equal(path, array.Path);
    }

    [Fact]
    public void Write_compresses_only_when_the_path_ends_with_gz()
    {
        Idx.Write(PathOf("a.gz"), new byte[10], 10);
        Idx.Write(PathOf("a.idx"), new byte[10], 10);

        byte[] gz = File.ReadAllBytes(PathOf("a.gz"));
        byte[] raw = File.ReadAllBytes(PathOf("a.idx"));
        Assert.Equal(new byte[] { 0x1F, 0x8B }, gz[..2]);
        Assert.Equal(new byte[] { 0, 0, 8, 1, 0, 0, 0, 10 }, raw[..8]);
        Assert.Equal(18, raw.Length);
    }

    [Fact]
    public void Compression_is_detected_by_magic_bytes_not_extension()
    {
        byte[] file = [.. Header(0x08, 2, 2), 1, 2, 3, 4];
        File.WriteAllBytes(PathOf("gzipped-but-named.idx"), Gzip(file));
        File.WriteAllBytes(PathOf("raw-but-named.gz"), file);

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, Idx.Read(PathOf("gzipped-but-named.idx")).Data);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, Idx.Read(PathOf("raw-but-named.gz")).Data);
    }

    [Fact]
    public void ReadImages_flattens_and_scales()
    {
        string path = PathOf("img.gz");
        Idx.Write(path, [0, 255, 51, 102, 1, 2, 3, 4], 2, 2, 2);

        float[] scaled = Idx.ReadImages(path);
        float[] raw = Idx.ReadImages(path, scale: false);

        Assert.Equal(new[] { 0f, 1f, 0.2f, 0.4f }, scaled[..4]);
        Assert.Equal(new[] { 0f, 255f, 51f, 102f, 1f, 2f, 3f, 4f }, raw);
    }

    [Fact]
    public void ReadImages_requires_rank_two_or_more()
    {
        string path = PathOf("labels.idx");
        Idx.Write(path, [1, 2, 3], 3);

        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("rank 1", e.Message);
    }

    [Fact]
    public void ReadLabels_requires_rank_one()
    {
        string path = PathOf("images.idx");
        Idx.Write(path, new byte[4], 1, 2, 2);

        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadLabels(path));
        Assert.Contains("rank 3", e.Message);
        Assert.Contains("[1, 2, 2]", e.Message);
    }

    [Fact]
    public void ReadDataset_pairs_images_with_labels()
    {
        Idx.Write(PathOf("x.gz"), [0, 255, 255, 0, 51, 51], 3, 1, 2);
        Idx.Write(PathOf("y.gz"), [2, 0, 1], 3);

        LabeledData data = Idx.ReadDataset(PathOf("x.gz"), PathOf("y.gz"));

        Assert.Equal(3, data.Rows);
        Assert.Equal(2, data.FeatureSize);
        Assert.Equal(new[] { 0f, 1f, 1f, 0f, 0.2f, 0.2f }, data.Features);
        Assert.Equal(new[] { 2, 0, 1 }, data.Labels);
        Assert.Equal(new[] { 0f, 0f, 1f, 1f, 0f, 0f, 0f, 1f, 0f }, data.OneHotLabels(3));
    }

    [Fact]
    public void ReadDataset_rejects_mismatched_counts_naming_both_counts_and_paths()
    {
        string images = PathOf("x.idx");
        string labels = PathOf("y.idx");
        Idx.Write(images, new byte[12], 3, 2, 2);
        Idx.Write(labels, new byte[5], 5);

        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadDataset(images, labels));
        Assert.Contains("3 images", e.Message);
        Assert.Contains("5 labels", e.Message);
        Assert.Contains(images, e.Message);
        Assert.Contains(labels, e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bad_magic_names_the_bytes_found(bool gzip)
    {
        string path = PathOf("bad.bin");
        byte[] file = [0x50, 0x4B, 0x08, 0x01, 0, 0, 0, 1, 9];
        File.WriteAllBytes(path, gzip ? Gzip(file) : file);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("0x50 0x4B", e.Message);
    }

    [Fact]
    public void Unsupported_type_names_the_type_byte()
    {
        string path = PathOf("floats.idx");
        File.WriteAllBytes(path, [.. Header(0x0D, 1), 0, 0, 0, 0]);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("0x0D", e.Message);
        Assert.Contains("0x08", e.Message);
    }

    [Fact]
    public void Rank_zero_is_rejected()
    {
        string path = PathOf("rank0.idx");
        File.WriteAllBytes(path, [0, 0, 8, 0]);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains("rank is 0", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Non_positive_dimension_is_rejected(int dimension)
    {
        string path = PathOf("dims.idx");
        File.WriteAllBytes(path, Header(0x08, 2, dimension));

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains($"[2, {dimension}]", e.Message);
        Assert.Contains($"is {dimension}", e.Message);
    }

    [Fact]
    public void Truncated_header_is_rejected()
    {
        string path = PathOf("short.idx");
        File.WriteAllBytes(path, [0, 0, 8, 3, 0, 0, 0, 5]);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains("12 bytes", e.Message);
        Assert.Contains("only 4 bytes", e.Message);
    }

    [Fact]
    public void Truncated_raw_data_names_expected_and_actual_sizes()
    {
        string path = PathOf("train-images-idx3-ubyte");
        File.WriteAllBytes(path, [.. Header(0x08, 60000, 28, 28), .. new byte[1000]]);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("60000 items of 28x28 (47040000 bytes)", e.Message);
        Assert.Contains("only 1000 bytes", e.Message);
    }

    [Fact]
    public void ReadImages_truncation_message_speaks_of_images()
    {
        string path = PathOf("train-images-idx3-ubyte.gz");
        File.WriteAllBytes(path, Gzip([.. Header(0x08, 60000, 28, 28), .. new byte[1000]]));

        var e = Assert.Throws<InvalidDataException>(() => Idx.ReadImages(path));
        Assert.Contains(path + ": truncated: header says 60000 images of 28x28 (47040000 bytes) but only 1000 bytes follow", e.Message);
    }

    [Fact]
    public void Truncated_gzip_stream_in_the_data_is_an_error()
    {
        string path = PathOf("cut.gz");
        byte[] full = Gzip([.. Header(0x08, 4000), .. RandomBytes(4000)]);
        File.WriteAllBytes(path, full[..(full.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("4000", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void Gzip_stream_cut_inside_the_trailer_is_an_error(int cut)
    {
        // GZipStream returns all the data even without a trailer, so only the trailer check catches this.
        string path = PathOf("cut-trailer.gz");
        byte[] full = Gzip([.. Header(0x08, 100), .. Sequence(100)]);
        File.WriteAllBytes(path, full[..^cut]);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("gzip", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_checksum_is_an_error_naming_the_file()
    {
        string path = PathOf("bad-crc.gz");
        byte[] full = Gzip([.. Header(0x08, 100), .. Sequence(100)]);
        full[^8] ^= 0xFF;
        File.WriteAllBytes(path, full);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Trailing_bytes_are_an_error(bool gzip)
    {
        string path = PathOf("trailing.idx");
        byte[] file = [.. Header(0x08, 10), .. new byte[13]];
        File.WriteAllBytes(path, gzip ? Gzip(file) : file);

        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("3 unexpected trailing bytes", e.Message);
        Assert.Contains("10 items (10 bytes)", e.Message);
        Assert.Contains("13 bytes follow", e.Message);
    }

    [Fact]
    public void Missing_file_is_FileNotFoundException_naming_the_path()
    {
        string path = PathOf("nope.gz");

        var e = Assert.Throws<FileNotFoundException>(() => Idx.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void Write_rejects_a_shape_that_does_not_match_the_data()
    {
        var e = Assert.Throws<ArgumentException>(() => Idx.Write(PathOf("w.idx"), new byte[5], 2, 3));
        Assert.Contains("[2, 3]", e.Message);
        Assert.Contains("6 bytes", e.Message);
        Assert.Contains("5", e.Message);
        Assert.False(File.Exists(PathOf("w.idx")));
    }

    [Fact]
    public void Write_rejects_an_empty_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => Idx.Write(PathOf("w.idx"), []));
        Assert.Contains("0 dimensions", e.Message);
    }
}
