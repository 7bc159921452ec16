using System.Buffers.Binary;

namespace NeuralDsl.Runtime.Tests.Io;

public sealed class SafeTensorsErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "safetensors-errors-" + Guid.NewGuid().ToString("N"));

    public SafeTensorsErrorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Save(byte[] bytes)
    {
        string path = Path.Combine(_dir, "bad.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string SaveRaw(string json, byte[] data) => Save(RawSafeTensors.Build(json, data));

    private InvalidDataException ReadFails(string path)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message);
        return e;
    }

    private string WriteGood(string name = "good.safetensors")
    {
        string path = Path.Combine(_dir, name);
        SafeTensors.Write(path, [new SafeTensor("dense_1/kernel", [784, 64], 0, 784 * 64), new SafeTensor("dense_1/bias", [64], 784 * 64, 64)], new float[785 * 64]);
        return path;
    }

    [Fact]
    public void Missing_file_is_FileNotFoundException()
    {
        string path = Path.Combine(_dir, "absent.safetensors");

        var e = Assert.Throws<FileNotFoundException>(() => SafeTensors.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Throws<FileNotFoundException>(() => SafeTensors.ReadInto(path, [], []));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void File_shorter_than_8_bytes(int length)
    {
        var e = ReadFails(Save(new byte[length]));
        Assert.Contains($"{length} bytes", e.Message);
    }

    [Fact]
    public void Header_length_larger_than_the_file()
    {
        byte[] bytes = RawSafeTensors.Build("{}      ", []);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);

        var e = ReadFails(Save(bytes));
        Assert.Contains("header length 1000", e.Message);
        Assert.Contains("8 bytes after", e.Message);
        Assert.Contains("file is 16 bytes", e.Message);
    }

    [Fact]
    public void Huge_header_length_does_not_overflow()
    {
        byte[] bytes = RawSafeTensors.Build("{}      ", []);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);

        var e = ReadFails(Save(bytes));
        Assert.Contains(ulong.MaxValue.ToString(), e.Message);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("not json")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",}}")]
    public void Invalid_json(string json)
    {
        var e = ReadFails(SaveRaw(json, []));
        Assert.Contains("not valid JSON", e.Message);
        Assert.Contains($"{json.Length}-byte header", e.Message);
    }

    [Fact]
    public void Header_that_is_not_an_object()
    {
        var e = ReadFails(SaveRaw("[1, 2]", []));
        Assert.Contains("must be a JSON object", e.Message);
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "nothing")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "[0]")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", "[-4,0]")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":\"0-4\"}}", "\"0-4\"")]
    public void Malformed_data_offsets(string json, string found)
    {
        var e = ReadFails(SaveRaw(json, new byte[4]));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("data_offsets", e.Message);
        Assert.Contains(found, e.Message);
    }

    [Fact]
    public void Data_offsets_not_matching_shape_times_4_bytes()
    {
        var e = ReadFails(SaveRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", new byte[20]));
        Assert.Contains("[2, 3] (24 bytes)", e.Message);
        Assert.Contains("[0, 20] span 20 bytes", e.Message);
    }

    [Fact]
    public void Data_offsets_that_end_before_they_begin()
    {
        var e = ReadFails(SaveRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", new byte[8]));
        Assert.Contains("[8, 4]", e.Message);
    }

    [Fact]
    public void Data_offsets_beyond_the_data()
    {
        var e = ReadFails(SaveRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[250],\"data_offsets\":[0,1000]}}", new byte[16]));
        Assert.Contains("[0, 1000]", e.Message);
        Assert.Contains("only 16 bytes", e.Message);
    }

    [Fact]
    public void Overlapping_tensors()
    {
        var e = ReadFails(SaveRaw(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            new byte[12]));
        Assert.Contains("'b' data_offsets [4, 12] overlap tensor 'a' [0, 8]", e.Message);
    }

    [Fact]
    public void Gap_between_tensors()
    {
        var e = ReadFails(SaveRaw(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
            new byte[12]));
        Assert.Contains("4 unused bytes at data offset 4", e.Message);
        Assert.Contains("'b'", e.Message);
    }

    [Fact]
    public void Unknown_dtype_and_bad_shape()
    {
        Assert.Contains("unknown dtype 'F33'", ReadFails(SaveRaw("{\"w\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4])).Message);
        Assert.Contains("-1", ReadFails(SaveRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4])).Message);
        Assert.Contains("2.5", ReadFails(SaveRaw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,4]}}", new byte[4])).Message);
    }

    [Fact]
    public void Duplicate_tensor_names()
    {
        var e = ReadFails(SaveRaw(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
            new byte[8]));
        Assert.Contains("'a' more than once", e.Message);
    }

    [Fact]
    public void Metadata_values_must_be_strings()
    {
        var e = ReadFails(SaveRaw("{\"__metadata__\":{\"epoch\":3}}", []));
        Assert.Contains("'epoch'", e.Message);
        Assert.Contains("Number", e.Message);
    }

    [Fact]
    public void Truncated_data()
    {
        string path = WriteGood();
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);

        var e = ReadFails(path);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("'dense_1/bias'", e.Message);
        Assert.Contains($"[{784 * 64 * 4}, {785 * 64 * 4}]", e.Message);
        Assert.Contains($"only {785 * 64 * 4 - 4} bytes", e.Message);
    }

    [Fact]
    public void Trailing_bytes_after_the_data()
    {
        string path = WriteGood();
        File.AppendAllText(path, "junk");

        var e = ReadFails(path);
        Assert.Contains("4 unexpected bytes", e.Message);
        Assert.Contains($"cover {785 * 64 * 4} bytes", e.Message);
    }

    [Fact]
    public void ReadInto_shape_mismatch_names_the_tensor_and_both_shapes()
    {
        string path = WriteGood();
        float[] buffer = Enumerable.Repeat(9f, 784 * 128 + 128).ToArray();

        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadInto(
            path,
            [new SafeTensor("dense_1/kernel", [784, 128], 0, 784 * 128), new SafeTensor("dense_1/bias", [128], 784 * 128, 128)],
            buffer));

        Assert.Contains(path, e.Message);
        Assert.Contains("dense_1/kernel: expected shape [784, 128] but the file has [784, 64]", e.Message);
        Assert.All(buffer, v => Assert.Equal(9f, v));
    }

    [Fact]
    public void ReadInto_missing_tensor_is_named()
    {
        string path = WriteGood();

        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadInto(
            path,
            [
                new SafeTensor("dense_1/kernel", [784, 64], 0, 784 * 64),
                new SafeTensor("dense_1/bias", [64], 784 * 64, 64),
                new SafeTensor("dense_2/bias", [10], 785 * 64, 10),
            ],
            new float[785 * 64 + 10]));

        Assert.Contains("missing 1 expected tensor(s): dense_2/bias", e.Message);
        Assert.Contains("dense_1/kernel, dense_1/bias", e.Message);
    }

    [Fact]
    public void ReadInto_extra_tensors_are_listed()
    {
        string path = WriteGood();

        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadInto(
            path, [new SafeTensor("dense_1/kernel", [784, 64], 0, 784 * 64)], new float[784 * 64]));

        Assert.Contains("1 unexpected tensor(s) not in the model: dense_1/bias", e.Message);
    }

    [Fact]
    public void ReadInto_requires_F32()
    {
        string path = SaveRaw("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]);

        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadInto(path, [new SafeTensor("w", [2], 0, 2)], new float[2]));
        Assert.Contains("'w' has dtype F16", e.Message);
        Assert.Contains("only F32", e.Message);
    }

    [Fact]
    public void ReadInto_checks_the_expected_layout_against_the_buffer()
    {
        string path = WriteGood();

        var e = Assert.Throws<ArgumentException>(() => SafeTensors.ReadInto(
            path,
            [new SafeTensor("dense_1/kernel", [784, 64], 0, 784 * 64), new SafeTensor("dense_1/bias", [64], 784 * 64, 64)],
            new float[100]));
        Assert.Contains("buffer of 100 floats", e.Message);
    }
}
