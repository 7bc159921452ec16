using System.Globalization;

namespace NeuralDsl.Distributed;

/// <summary>A fact that differs between ranks: its smallest and largest value over the ranks and this rank's (for a
/// checksum, of one of its parts, which say nothing to a reader).</summary>
internal sealed record FactDifference(string Name, double Smallest, double Largest, double Mine, bool IsChecksum)
{
    /// <summary>"from 0.005 to 0.01; this rank has 0.01" for a number; for a checksum <paramref name="mine"/>, what this
    /// rank has in words, when known.</summary>
    public string Describe(string? mine = null) =>
        mine ?? (IsChecksum ? "their checksums differ" : $"from {Format(Smallest)} to {Format(Largest)}; this rank has {Format(Mine)}");

    /// <summary>A value that came from a float (a learning rate, a β) as that float prints: 0.01 rather than 0.009999999776482582.</summary>
    private static string Format(double value) =>
        (double)(float)value == value ? ((float)value).ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
}
