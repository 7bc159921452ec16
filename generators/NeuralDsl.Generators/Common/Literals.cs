using System.Globalization;

namespace NeuralDsl.Generators.Common;

/// <summary>Culture-invariant, round-trip spellings of numbers in messages and in emitted C#.</summary>
internal static class Literals
{
    /// <summary>A number as a user would write it: 0.3, 1.5, -0.1, NaN, Infinity (the same on every runtime).</summary>
    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "Infinity"
        : double.IsNegativeInfinity(value) ? "-Infinity"
        : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A C# float literal that round-trips the value as a float: 0.3f, 1f, 1E-05f.</summary>
    public static string Float(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>A C# string literal (identifiers and layer names only, so no escapes beyond the basics).</summary>
    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
