using System.Globalization;

/// <summary>
/// How every sample prints a fraction as a percentage ("82.43 %"): one function, so that a value printed twice (a
/// variant's progress line and its table row) reads the same both times.
/// </summary>
internal static class Percent
{
    /// <summary>
    /// The fraction as it reads in decimal (its shortest round-trip form, as the logs and CSV files write it: 0.82425),
    /// × 100, rounded half away from zero to two decimals: "82.43 %", as one would round it by hand. (.NET's "P2" rounds
    /// the float's binary value, 0.8242499828…, to 82.42 %, while multiplying by 100 in float first gives 82.43 %.)
    /// </summary>
    public static string Of(float fraction) => Of(fraction.ToString("R", CultureInfo.InvariantCulture), fraction);

    /// <inheritdoc cref="Of(float)"/>
    public static string Of(double fraction) => Of(fraction.ToString("R", CultureInfo.InvariantCulture), fraction);

    private static string Of(string shortest, double fraction) =>
        (decimal.TryParse(shortest, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value)
            ? Math.Round(value * 100, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture)
            // NaN, infinities and magnitudes beyond decimal's range, as they are.
            : (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture)) + " %";
}
