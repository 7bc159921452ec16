using System.Buffers.Binary;

namespace NeuralDsl;

/// <summary>
/// Checks that a gzip file read through <see cref="System.IO.Compression.GZipStream"/> really ended where a member
/// ends. GZipStream reads every member of a multi-member file (<c>cat a.gz b.gz</c>) and checks each trailer it
/// reaches, but when the file is cut off it just stops, and it stops silently at bytes that are not another member
/// too. gunzip accepts several members and zero padding after the last one, and refuses anything else, so this
/// accepts exactly that: the last non-zero bytes of the file, up to the zero padding, must be the trailer (CRC-32 and
/// length modulo 2^32, little-endian) of the last member, whose data is the end of what was decompressed.
/// </summary>
internal static class GzipEnding
{
    private const int TrailerSize = 8;

    /// <summary>
    /// Throws <see cref="InvalidDataException"/> naming <paramref name="path"/> unless <paramref name="file"/> ends with
    /// a gzip trailer, optionally followed by zero bytes, that matches the last bytes of the decompressed content
    /// (<paramref name="head"/> followed by <paramref name="body"/>).
    /// </summary>
    public static void Verify(string path, FileStream file, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body)
    {
        long length = file.Length;
        long total = head.Length + (long)body.Length;
        long zeros = ZeroPaddingStart(file);

        // The trailer's own last bytes may be zero (a small file's length has zero high bytes), so it can end up to 7
        // bytes into the zero run; a window of 8 zeros would describe an empty member and match anything, so it is not
        // a candidate.
        Span<byte> trailer = stackalloc byte[TrailerSize];
        for (long end = Math.Max(zeros, TrailerSize); end <= Math.Min(length, zeros + TrailerSize - 1); end++)
        {
            file.Position = end - TrailerSize;
            file.ReadExactly(trailer);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
            if (size <= total && SuffixCrc(head, body, size) == crc)
            {
                return;
            }
        }

        throw new InvalidDataException(
            $"{path}: truncated or corrupt gzip stream: the file does not end with the trailer of a complete gzip member " +
            $"(it was cut off, or bytes other than zero padding follow the compressed data); {total} bytes were decompressed");
    }

    /// <summary>The offset where the run of zero bytes at the end of the file starts (its length when there is none).</summary>
    private static long ZeroPaddingStart(FileStream file)
    {
        byte[] chunk = new byte[64 * 1024];
        long end = file.Length;
        while (end > 0)
        {
            int n = (int)Math.Min(chunk.Length, end);
            file.Position = end - n;
            file.ReadExactly(chunk, 0, n);
            int last = chunk.AsSpan(0, n).LastIndexOfAnyExcept((byte)0);
            if (last >= 0)
            {
                return end - n + last + 1;
            }

            end -= n;
        }

        return 0;
    }

    /// <summary>CRC-32 of the last <paramref name="count"/> bytes of <paramref name="head"/> followed by <paramref name="body"/>.</summary>
    private static uint SuffixCrc(ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, long count)
    {
        uint crc = Crc32.Initial;
        if (count > body.Length)
        {
            crc = Crc32.Update(crc, head[^(int)(count - body.Length)..]);
            crc = Crc32.Update(crc, body);
        }
        else
        {
            crc = Crc32.Update(crc, body[^(int)count..]);
        }

        return Crc32.Finish(crc);
    }
}
