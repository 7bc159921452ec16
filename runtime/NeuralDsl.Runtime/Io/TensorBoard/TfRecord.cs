using System.Buffers.Binary;
using System.Numerics;

namespace NeuralDsl;

/// <summary>
/// TensorFlow's TFRecord framing, in which event files are written: for each record a little-endian uint64 length,
/// the masked CRC-32C of those 8 bytes, the data, and the masked CRC-32C of the data (all little-endian).
/// The checksums are what make an append-only file safe to write while it is read and across a crash: a reader
/// (TensorBoard's included) stops at a record that is cut short or whose checksums fail, keeping every whole one before.
/// </summary>
internal static class TfRecord
{
    /// <summary>Bytes a record adds around its data.</summary>
    public const int Overhead = 8 + 4 + 4;

    /// <summary>TensorFlow's mask; a CRC stored next to data that holds CRCs would otherwise be weak.</summary>
    private const uint MaskDelta = 0xa282ead8u;

    /// <summary>Appends one record holding <paramref name="data"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], MaskedCrc32C(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, MaskedCrc32C(data));
        stream.Write(header);
        stream.Write(data);
        stream.Write(footer);
    }

    /// <summary>The CRC-32C (Castagnoli) of <paramref name="data"/>, masked as TFRecord stores it.</summary>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + MaskDelta;
    }

    /// <summary>CRC-32C with the usual initial value and final inversion; the BCL's step uses the CPU's instruction
    /// where there is one (SSE4.2, ARMv8 CRC32).</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
