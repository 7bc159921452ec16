using System.Buffers.Binary;
using System.Text.Json;

namespace NeuralDsl.Runtime.Tests.Io;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "safetensors-tests-" + Guid.NewGuid().ToString("N"));

    public SafeTensorsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    // Values whose bits a careless float conversion would change.
    private static readonly int[] TrickyBits =
    [
        0x7FC00001, // quiet NaN with a payload
        0x7F800001, // signalling NaN
        unchecked((int)0xFFC12345), // negative NaN with a payload
        unchecked((int)0x80000000), // -0.0
        0x00000001, // smallest subnormal
        unchecked((int)0x807FFFFF), // largest negative subnormal
        0x7F800000, // +infinity
        unchecked((int)0xFF800000), // -infinity
        0x7F7FFFFF, // float.MaxValue
        0x3F800000, // 1.0
    ];

    private static float[] TrickyBuffer()
    {
        var buffer = new float[TrickyBits.Length + 2];
        for (int i = 0; i < TrickyBits.Length; i++)
        {
            buffer[i + 2] = BitConverter.Int32BitsToSingle(TrickyBits[i]);
        }

        buffer[0] = 42f;
        buffer[1] = -7.5f;
        return buffer;
    }

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        }

        return bits;
    }

    private static readonly SafeTensor[] Layout =
    [
        new("dense_1/kernel", [2, 5], 2, 10),
        new("dense_1/bias", [2], 0, 2),
    ];

    [Fact]
    public void Round_trip_is_bit_exact()
    {
        string path = PathOf("model.safetensors");
        float[] buffer = TrickyBuffer();
        SafeTensors.Write(path, Layout, buffer);

        float[] loaded = new float[buffer.Length];
        SafeTensors.ReadInto(path, Layout, loaded);

        Assert.Equal(Bits(buffer), Bits(loaded));
        SafeTensorFile file = SafeTensors.Read(path);
        Assert.Equal(Bits(buffer.AsSpan(2, 10)), Bits(file.ReadTensor("dense_1/kernel")));
        Assert.Equal(new[] { 42f, -7.5f }, file.ReadTensor("dense_1/bias"));
    }

    [Fact]
    public void Data_is_little_endian_float_bits_in_list_order()
    {
        string path = PathOf("model.safetensors");
        float[] buffer = TrickyBuffer();
        SafeTensors.Write(path, Layout, buffer);

        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        ReadOnlySpan<byte> data = bytes.AsSpan((int)(8 + headerLength));
        Assert.Equal(48, data.Length);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(TrickyBits[i], BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]));
        }

        Assert.Equal(42f, BinaryPrimitives.ReadSingleLittleEndian(data[40..]));
        Assert.Equal(-7.5f, BinaryPrimitives.ReadSingleLittleEndian(data[44..]));
    }

    [Fact]
    public void Header_is_valid_json_with_dtype_shape_and_offsets()
    {
        string path = PathOf("model.safetensors");
        SafeTensors.Write(path, Layout, TrickyBuffer());

        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        using JsonDocument json = JsonDocument.Parse(bytes.AsMemory(8, headerLength));

        JsonElement kernel = json.RootElement.GetProperty("dense_1/kernel");
        Assert.Equal("F32", kernel.GetProperty("dtype").GetString());
        Assert.Equal(new[] { 2, 5 }, kernel.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(new long[] { 0, 40 }, kernel.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        JsonElement bias = json.RootElement.GetProperty("dense_1/bias");
        Assert.Equal(new long[] { 40, 48 }, bias.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.False(json.RootElement.TryGetProperty("__metadata__", out _));
        Assert.Equal(8 + headerLength + 48, bytes.Length);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("a-much-longer-tensor-name")]
    public void Header_is_padded_with_spaces_to_a_multiple_of_8(string name)
    {
        string path = PathOf("pad.safetensors");
        SafeTensors.Write(path, [new SafeTensor(name, [1], 0, 1)], [1f]);

        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        string header = System.Text.Encoding.UTF8.GetString(bytes, 8, headerLength);
        Assert.Equal('}', header.TrimEnd(' ')[^1]);
        Assert.True(header.TrimEnd(' ').Length > headerLength - 8);
    }

    [Fact]
    public void Metadata_round_trips()
    {
        string path = PathOf("meta.safetensors");
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["model"] = "mlp \"v2\" — ünïcødé <&>",
            ["empty"] = "",
        };
        SafeTensors.Write(path, Layout, TrickyBuffer(), metadata);

        SafeTensorFile file = SafeTensors.Read(path);

        Assert.Equal(metadata.OrderBy(p => p.Key), file.Metadata.OrderBy(p => p.Key));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path).AsMemory(8, (int)BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path))));
        Assert.Equal("pt", json.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
    }

    [Fact]
    public void Read_lists_tensors_in_file_order_with_shape_and_dtype()
    {
        string path = PathOf("model.safetensors");
        SafeTensors.Write(path, Layout, TrickyBuffer());

        SafeTensorFile file = SafeTensors.Read(path);

        Assert.Empty(file.Metadata);
        Assert.Equal(new[] { "dense_1/kernel", "dense_1/bias" }, file.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 2, 5 }, file.Tensors[0].Shape);
        Assert.Equal(new[] { 2 }, file.Tensors[1].Shape);
        Assert.All(file.Tensors, t => Assert.Equal("F32", t.DType));
    }

    [Fact]
    public void ReadTensor_into_a_span_checks_the_length()
    {
        string path = PathOf("model.safetensors");
        SafeTensors.Write(path, Layout, TrickyBuffer());
        SafeTensorFile file = SafeTensors.Read(path);

        var destination = new float[2];
        file.ReadTensor("dense_1/bias", destination);
        Assert.Equal(new[] { 42f, -7.5f }, destination);

        var e = Assert.Throws<ArgumentException>(() => file.ReadTensor("dense_1/kernel", new float[9]));
        Assert.Contains("10 floats", e.Message);
        Assert.Contains("holds 9", e.Message);
        Assert.Contains("[2, 5]", e.Message);
    }

    [Fact]
    public void ReadTensor_with_an_unknown_name_lists_the_names()
    {
        string path = PathOf("model.safetensors");
        SafeTensors.Write(path, Layout, TrickyBuffer());

        var e = Assert.Throws<ArgumentException>(() => SafeTensors.Read(path).ReadTensor("dense_2/kernel"));
        Assert.Contains("'dense_2/kernel'", e.Message);
        Assert.Contains("dense_1/bias", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Scalars_empty_tensors_and_empty_files_round_trip()
    {
        string path = PathOf("odd.safetensors");
        SafeTensor[] layout = [new("scalar", [], 0, 1), new("empty", [0, 3], 1, 0), new("vector", [2], 1, 2)];
        SafeTensors.Write(path, layout, [3f, 4f, 5f]);

        SafeTensorFile file = SafeTensors.Read(path);
        Assert.Equal(Array.Empty<int>(), file.Tensors.Single(t => t.Name == "scalar").Shape);
        Assert.Equal(new[] { 3f }, file.ReadTensor("scalar"));
        Assert.Empty(file.ReadTensor("empty"));
        var loaded = new float[3];
        SafeTensors.ReadInto(path, layout, loaded);
        Assert.Equal(new[] { 3f, 4f, 5f }, loaded);

        string none = PathOf("none.safetensors");
        SafeTensors.Write(none, [], []);
        Assert.Equal(16, new FileInfo(none).Length);
        Assert.Empty(SafeTensors.Read(none).Tensors);
    }

    [Fact]
    public void Write_replaces_an_existing_file_and_leaves_no_temp_files()
    {
        string path = PathOf("model.safetensors");
        File.WriteAllText(path, "old contents");

        SafeTensors.Write(path, Layout, TrickyBuffer());

        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
        Assert.Equal(2, SafeTensors.Read(path).Tensors.Count);
    }

    [Fact]
    public void Failed_write_keeps_the_old_file()
    {
        string path = PathOf("model.safetensors");
        SafeTensors.Write(path, Layout, TrickyBuffer());
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<ArgumentException>(() => SafeTensors.Write(path, Layout, new float[5]));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_rejects_a_shape_that_does_not_match_the_length()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Write(PathOf("x.safetensors"), [new SafeTensor("w", [3, 4], 0, 10)], new float[12]));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("[3, 4]", e.Message);
        Assert.Contains("12 elements", e.Message);
        Assert.Contains("Length 10", e.Message);
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(9, 2)]
    public void Write_rejects_a_slice_outside_the_buffer(int offset, int length)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Write(PathOf("x.safetensors"), [new SafeTensor("w", [length], offset, length)], new float[10]));
        Assert.Contains("buffer of 10 floats", e.Message);
        Assert.Contains($"[{offset}, {offset + length})", e.Message);
    }

    [Fact]
    public void Write_rejects_duplicate_and_reserved_names()
    {
        var duplicate = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Write(PathOf("x.safetensors"), [new SafeTensor("w", [1], 0, 1), new SafeTensor("w", [1], 1, 1)], new float[2]));
        Assert.Contains("'w' appears more than once", duplicate.Message);

        var reserved = Assert.Throws<ArgumentException>(() =>
            SafeTensors.Write(PathOf("x.safetensors"), [new SafeTensor("__metadata__", [1], 0, 1)], new float[1]));
        Assert.Contains("__metadata__", reserved.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
