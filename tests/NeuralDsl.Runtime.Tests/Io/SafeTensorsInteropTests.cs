using System.Text;

namespace NeuralDsl.Runtime.Tests.Io;

public sealed class SafeTensorsInteropTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "safetensors-interop-" + Guid.NewGuid().ToString("N"));

    public SafeTensorsInteropTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parses_a_file_built_byte_by_byte_like_other_tools_write_it()
    {
        // As the Python library writes it: JSON key order differs from data order, metadata last,
        // header padded with spaces to 152 bytes (149 bytes of JSON + 3 spaces).
        const string json = "{\"weight\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[8,24]}," +
                            "\"bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
                            "\"__metadata__\":{\"format\":\"pt\"}}   ";
        byte[] file =
        [
            152, 0, 0, 0, 0, 0, 0, 0, // header length, u64 little-endian
            .. Encoding.ASCII.GetBytes(json),
            0x00, 0x00, 0x80, 0x3F, // bias[0] = 1.0
            0x00, 0x00, 0x00, 0xC0, // bias[1] = -2.0
            0x00, 0x00, 0x00, 0x3F, // weight[0,0] = 0.5
            0x00, 0x00, 0x40, 0x40, // weight[0,1] = 3.0
            0x01, 0x00, 0xC0, 0x7F, // weight[1,0] = NaN with payload 1
            0x00, 0x00, 0x00, 0x80, // weight[1,1] = -0.0
        ];
        Assert.Equal(152, Encoding.ASCII.GetByteCount(json));
        string path = Path.Combine(_dir, "external.safetensors");
        File.WriteAllBytes(path, file);

        SafeTensorFile parsed = SafeTensors.Read(path);

        Assert.Equal("pt", parsed.Metadata["format"]);
        Assert.Equal(new[] { "bias", "weight" }, parsed.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 2, 2 }, parsed.Tensors[1].Shape);
        Assert.Equal(new[] { 1f, -2f }, parsed.ReadTensor("bias"));
        float[] weight = parsed.ReadTensor("weight");
        Assert.Equal(
            new[] { 0x3F000000, 0x40400000, 0x7FC00001, unchecked((int)0x80000000) },
            weight.Select(BitConverter.SingleToInt32Bits));

        // The model's own layout differs from the file's order; ReadInto places each by name.
        var buffer = new float[6];
        SafeTensors.ReadInto(path, [new SafeTensor("weight", [2, 2], 0, 4), new SafeTensor("bias", [2], 4, 2)], buffer);
        Assert.Equal(0.5f, buffer[0]);
        Assert.Equal(1f, buffer[4]);
        Assert.Equal(-2f, buffer[5]);
    }

    [Fact]
    public void Lists_other_dtypes_but_loads_only_F32()
    {
        // An optimizer checkpoint with an I64 step counter next to an F32 tensor.
        string path = Path.Combine(_dir, "mixed.safetensors");
        File.WriteAllBytes(path, RawSafeTensors.Build(
            "{\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},\"m\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
            [7, 0, 0, 0, 0, 0, 0, 0, .. RawSafeTensors.Floats(0.25f)]));

        SafeTensorFile file = SafeTensors.Read(path);

        Assert.Equal("I64", file.Tensors.Single(t => t.Name == "step").DType);
        Assert.Equal(new[] { 0.25f }, file.ReadTensor("m"));
        var e = Assert.Throws<InvalidDataException>(() => file.ReadTensor("step"));
        Assert.Contains("'step' has dtype I64", e.Message);
        Assert.Contains("F32", e.Message);
    }
}
