using System.Globalization;

namespace NeuralDsl.Runtime.Tests.Charts;

/// <summary>
/// Runs code under de-DE's number format (decimal comma, '.' between thousands) and restores the previous culture on
/// dispose. The test projects run with invariant globalization (no ICU data), where <c>new CultureInfo("de-DE")</c>
/// throws; a culture with de-DE's separators exercises the same formatting paths.
/// </summary>
internal sealed class DecimalCommaCulture : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentCulture;

    public DecimalCommaCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = culture;
        // Were the culture not in effect, the tests using it would prove nothing.
        if (0.5.ToString(CultureInfo.CurrentCulture) != "0,5")
        {
            CultureInfo.CurrentCulture = _previous;
            throw new InvalidOperationException("The decimal-comma culture did not take effect.");
        }
    }

    public void Dispose() => CultureInfo.CurrentCulture = _previous;
}
