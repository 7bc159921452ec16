using System.Globalization;

/// <summary>A count with its noun, as the samples print them: "1 epoch", "20 epochs", "0 rows".</summary>
internal static class Quantity
{
    /// <summary>"<paramref name="count"/> <paramref name="noun"/>", the noun in the plural (<paramref name="plural"/>,
    /// else the noun + "s") unless the count is 1.</summary>
    public static string Of(long count, string noun, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : plural ?? noun + "s");
}
