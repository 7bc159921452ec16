using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace NeuralDsl;

/// <summary>
/// The few pieces of the protobuf wire format that TensorBoard's event messages need, written into a span the caller
/// sized with <see cref="VarintSize"/> and <see cref="LengthDelimitedSize"/> (a nested message's length comes before its
/// content, so sizes are computed first). The runtime takes no protobuf package: it has no dependencies and stays
/// trimmable and AOT-compatible.
/// </summary>
internal ref struct ProtobufWriter(Span<byte> destination)
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    private readonly Span<byte> _destination = destination;

    /// <summary>Bytes written so far.</summary>
    public int Position { get; private set; }

    /// <summary>Bytes of <paramref name="value"/> as a varint (1 to 10).</summary>
    public static int VarintSize(ulong value) => BitOperations.Log2(value | 1) / 7 + 1;

    /// <summary>Bytes of a field's key.</summary>
    public static int KeySize(int field) => VarintSize((uint)field << 3);

    /// <summary>Bytes of a length-delimited field (a string or a nested message) of <paramref name="length"/> bytes.</summary>
    public static int LengthDelimitedSize(int field, int length) => KeySize(field) + VarintSize((uint)length) + length;

    /// <summary>Bytes of a double field.</summary>
    public static int DoubleSize(int field) => KeySize(field) + 8;

    /// <summary>Bytes of a float field.</summary>
    public static int FloatSize(int field) => KeySize(field) + 4;

    /// <summary>Bytes of an int64 field.</summary>
    public static int Int64Size(int field, long value) => KeySize(field) + VarintSize((ulong)value);

    public void WriteDouble(int field, double value)
    {
        WriteKey(field, Fixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(_destination[Position..], value);
        Position += 8;
    }

    public void WriteFloat(int field, float value)
    {
        WriteKey(field, Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_destination[Position..], value);
        Position += 4;
    }

    /// <summary>An int64 as protobuf writes it: the two's-complement bits as a varint (10 bytes when negative).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteKey(field, Varint);
        WriteVarint((ulong)value);
    }

    /// <summary>A string field of <paramref name="utf8Length"/> bytes (<see cref="Encoding.GetByteCount(string)"/>).</summary>
    public void WriteString(int field, string value, int utf8Length)
    {
        WriteLengthPrefix(field, utf8Length);
        Position += Encoding.UTF8.GetBytes(value, _destination[Position..]);
    }

    /// <summary>The key and length of a nested message; its <paramref name="length"/> bytes of fields follow.</summary>
    public void WriteLengthPrefix(int field, int length)
    {
        WriteKey(field, LengthDelimited);
        WriteVarint((uint)length);
    }

    private void WriteKey(int field, int wireType) => WriteVarint(((uint)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _destination[Position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _destination[Position++] = (byte)value;
    }
}
