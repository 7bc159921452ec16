using System.Buffers.Binary;
using System.Text;
using NeuralDsl.Tests.TensorBoard;

namespace NeuralDsl.Runtime.Tests.Io.TensorBoard;

/// <summary>The runtime's TFRecord framing, read back by the tests' own reader and bit-by-bit CRC-32C.</summary>
public sealed class TfRecordTests
{
    [Fact]
    public void The_reference_crc_gives_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, ReferenceCrc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, ReferenceCrc32C.Compute([]));
    }

    [Fact]
    public void The_runtime_crc_agrees_with_the_reference_at_every_length_and_alignment()
    {
        var random = new Random(7);
        var bytes = new byte[300];
        random.NextBytes(bytes);
        for (int start = 0; start < 8; start++)
        {
            for (int length = 0; start + length <= bytes.Length; length += 1 + length / 8)
            {
                var data = bytes.AsSpan(start, length);
                Assert.Equal(ReferenceCrc32C.Compute(data), TfRecord.Crc32C(data));
                Assert.Equal(ReferenceCrc32C.Masked(data), TfRecord.MaskedCrc32C(data));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(200)]
    [InlineData(70_000)]
    public void A_record_is_its_length_its_data_and_both_checksums(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        using var stream = new MemoryStream();
        TfRecord.Write(stream, data);
        byte[] file = stream.ToArray();

        Assert.Equal(TfRecord.Overhead + length, file.Length);
        Assert.Equal((ulong)length, BinaryPrimitives.ReadUInt64LittleEndian(file));
        Assert.Equal(ReferenceCrc32C.Masked(file.AsSpan(0, 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(8)));
        Assert.Equal(data, file.AsSpan(12, length).ToArray());
        Assert.Equal(ReferenceCrc32C.Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12 + length)));
        Assert.Equal(data, Assert.Single(ReferenceTfRecordReader.Read(file)));
    }

    [Fact]
    public void Every_corrupted_byte_is_detected()
    {
        byte[] file = Records("brain.Event:2"u8.ToArray(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
        Assert.Equal(2, ReferenceTfRecordReader.Read(file).Count);
        for (int i = 0; i < file.Length; i++)
        {
            foreach (byte flip in new byte[] { 0x01, 0x80 })
            {
                byte[] corrupted = (byte[])file.Clone();
                corrupted[i] ^= flip;
                Assert.Throws<InvalidDataException>(() => ReferenceTfRecordReader.Read(corrupted));
            }
        }
    }

    [Fact]
    public void A_record_cut_short_by_a_crash_is_dropped_and_the_whole_ones_before_it_kept()
    {
        byte[] first = [1, 2, 3], second = new byte[40];
        byte[] file = Records(first, second);
        int firstEnd = TfRecord.Overhead + first.Length;
        for (int cut = firstEnd + 1; cut < file.Length; cut++)
        {
            var records = ReferenceTfRecordReader.Read(file.AsSpan(0, cut), dropTruncatedTail: true);
            Assert.Equal(first, Assert.Single(records));
            Assert.Throws<InvalidDataException>(() => ReferenceTfRecordReader.Read(file.AsSpan(0, cut)));
        }
    }

    private static byte[] Records(params byte[][] records)
    {
        using var stream = new MemoryStream();
        foreach (var record in records) TfRecord.Write(stream, record);
        return stream.ToArray();
    }
}
