using System.Text;

namespace NeuralDsl.Runtime.Tests.Reliability;

/// <summary>Issue 12, item 5: a safetensors header that is not valid UTF-8 (or escapes text no string can hold) is an
/// <see cref="InvalidDataException"/> naming the file, never an <see cref="InvalidOperationException"/>.</summary>
public sealed class SafeTensorsHeaderTests : TempDirectory
{
    private string WriteHeader(byte[] json)
    {
        string path = PathOf("bad.safetensors");
        byte[] file = new byte[8 + json.Length + 4];
        BitConverter.TryWriteBytes(file.AsSpan(0, 8), (ulong)json.Length);
        json.CopyTo(file, 8);
        File.WriteAllBytes(path, file);
        return path;
    }

    private static byte[] Header(string name) =>
        Encoding.UTF8.GetBytes($"{{\"{name}\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}}}");

    public static TheoryData<byte[]> InvalidBytes() => new(
        [0xFF],              // never valid in UTF-8
        [0xC3],              // a lead byte without its continuation
        [0x80],              // a continuation byte alone
        [0xED, 0xA0, 0x80],  // an encoded surrogate
        [0xC0, 0xAF]);       // an overlong encoding of '/'

    [Theory]
    [MemberData(nameof(InvalidBytes))]
    public void Invalid_UTF8_in_a_tensor_name_names_the_file(byte[] invalid)
    {
        byte[] json = Header("w" + new string('x', invalid.Length));
        invalid.CopyTo(json, 3);   // replaces the x's after {"w
        string path = WriteHeader(json);

        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.StartsWith($"{path}: the header is not valid UTF-8: byte 0x{invalid[0]:X2} at header offset 3 (file offset 11)", e.Message);
    }

    [Fact]
    public void Invalid_UTF8_in_metadata_names_the_file()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\"__metadata__\":{\"model\":\"m?\"},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}");
        json[Array.IndexOf(json, (byte)'?')] = 0xFE;
        string path = WriteHeader(json);

        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.ReadInto(path, [new SafeTensor("w", [1], 0, 1)], new float[1]));

        Assert.StartsWith($"{path}: the header is not valid UTF-8", e.Message);
    }

    [Fact]
    public void An_escaped_lone_surrogate_names_the_file()
    {
        // Valid UTF-8 and valid JSON, but "\ud800" alone decodes to no string.
        string path = WriteHeader(Header("w\\ud800"));

        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path));

        Assert.StartsWith($"{path}: the header holds a string that is not valid Unicode", e.Message);
    }

    [Fact]
    public void Multi_byte_names_still_load()
    {
        string path = WriteHeader(Header("gewicht_ü_重み_🙂"));

        SafeTensorFile file = SafeTensors.Read(path);

        Assert.Equal("gewicht_ü_重み_🙂", Assert.Single(file.Tensors).Name);
        Assert.Equal([0f], file.ReadTensor("gewicht_ü_重み_🙂"));
    }
}
