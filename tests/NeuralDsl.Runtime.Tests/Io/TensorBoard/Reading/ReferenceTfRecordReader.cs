using System.Buffers.Binary;

namespace NeuralDsl.Tests.TensorBoard;

/// <summary>
/// Reads TFRecord framing (uint64 length, masked CRC of the length, data, masked CRC of the data, all little-endian)
/// and checks both checksums of every record with <see cref="ReferenceCrc32C"/>; nothing here comes from the runtime.
/// </summary>
internal static class ReferenceTfRecordReader
{
    /// <summary>The records of <paramref name="file"/>. A bad checksum always throws; a record cut short at the end
    /// throws too, unless <paramref name="dropTruncatedTail"/>, which reads as TensorBoard does after a crash.</summary>
    public static List<byte[]> Read(ReadOnlySpan<byte> file, bool dropTruncatedTail = false)
    {
        var records = new List<byte[]>();
        int offset = 0;
        while (offset < file.Length)
        {
            var rest = file[offset..];
            if (rest.Length < 12) return Truncated(records, offset, dropTruncatedTail);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(rest);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(rest[8..]);
            if (lengthCrc != ReferenceCrc32C.Masked(rest[..8]))
                throw new InvalidDataException($"record at byte {offset}: the length's CRC {lengthCrc:X8} does not match its 8 bytes");
            if (rest.Length < 16 || length > (ulong)(rest.Length - 16)) return Truncated(records, offset, dropTruncatedTail);
            var data = rest.Slice(12, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(rest[(12 + (int)length)..]);
            if (dataCrc != ReferenceCrc32C.Masked(data))
                throw new InvalidDataException($"record at byte {offset}: the data's CRC {dataCrc:X8} does not match its {length} bytes");
            records.Add(data.ToArray());
            offset += 16 + (int)length;
        }
        return records;
    }

    private static List<byte[]> Truncated(List<byte[]> records, int offset, bool drop) =>
        drop ? records : throw new InvalidDataException($"record at byte {offset} is cut short");
}
