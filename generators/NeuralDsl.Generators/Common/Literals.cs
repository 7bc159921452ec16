using System.Globalization;

namespace NeuralDsl.Generators.Common;

/// <summary>Culture-invariant, round-trip spellings of numbers in messages, in emitted C# and in emitted OpenCL C.</summary>
internal static class Literals
{
    /// <summary>A number as a user would write it: 0.3, 1.5, -0.1, NaN, Infinity (the same on every runtime).</summary>
    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "Infinity"
        : double.IsNegativeInfinity(value) ? "-Infinity"
        : value.ToString("R", CultureInfo.InvariantCulture);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A C# float literal that round-trips the value as a float: 0.3f, 1f, 1E-05f.</summary>
    public static string Float(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";

    /// <summary>An OpenCL C float literal that round-trips the value as a float: 0.3f, 1.0f, 1E-05f (C needs the point
    /// or exponent that C# does not).</summary>
    public static string OpenClFloat(double value)
    {
        string text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0) text += ".0";
        return text + "f";
    }

    /// <summary>A C# string literal (identifiers and layer names only, so no escapes beyond the basics).</summary>
    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
