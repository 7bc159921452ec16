namespace NeuralDsl;

/// <summary>
/// CRC-32 (IEEE 802.3, as used by the gzip trailer). The BCL's GZipStream stops silently when a file
/// is cut off, so <see cref="GzipEnding"/> checks the last trailer itself to tell a truncated download
/// from a good file.
/// </summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public const uint Initial = 0xFFFFFFFFu;

    public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        uint[] table = Table;
        foreach (byte b in bytes)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
