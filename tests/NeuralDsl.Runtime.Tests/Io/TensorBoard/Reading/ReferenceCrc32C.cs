namespace NeuralDsl.Tests.TensorBoard;

/// <summary>
/// CRC-32C written bit by bit from its definition (reflected polynomial 0x82F63B78), and TFRecord's mask: an
/// implementation independent of the runtime's (which uses the BCL's hardware-backed step), to check its records.
/// </summary>
internal static class ReferenceCrc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78u;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }

    /// <summary>TFRecord's stored form: rotated right by 15 bits plus a constant.</summary>
    public static uint Masked(ReadOnlySpan<byte> data)
    {
        uint crc = Compute(data);
        return unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
    }
}
