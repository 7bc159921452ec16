using System.Globalization;

namespace NeuralDsl;

/// <summary>
/// Axis ticks at "nice" values: steps of 1, 2 or 5 times a power of ten, as a person would label an axis by hand. Every
/// tick is a whole number of units of the step's power of ten, so that ticks and labels come out exact for data of any
/// size, from denormals (1e-45) to the float range (3.4e38).
/// </summary>
internal static class NiceTicks
{
    /// <summary>A domain narrower than this share of its magnitude could not be told apart in a double, nor labelled.</summary>
    private const double MinRelativeRange = 1e-12;

    /// <summary>Labels with more significant digits than this fall back to the value's round-trip form.</summary>
    private const double MaxUnits = 1e15;

    /// <summary>The 1-2-5 step that cuts <paramref name="range"/> into at most about <paramref name="maxCount"/>
    /// intervals; with <paramref name="integer"/> (epochs, trials) the step is a whole number.</summary>
    public static double Step(double range, int maxCount, bool integer = false)
    {
        if (!(range > 0) || double.IsInfinity(range)) return 1;
        double raw = range / Math.Max(1, maxCount);
        int exponent = (int)Math.Floor(Math.Log10(raw));
        double fraction = raw / Math.Pow(10, exponent);
        // Rounding up keeps the interval count at or below maxCount, so the labels do not crowd.
        // The tolerance keeps 0.2 / 0.1 = 2.0000000000000004 a 2.
        int nice = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
        double step = Compose(nice, exponent);
        return integer ? Math.Max(1, Math.Round(step)) : step;
    }

    /// <summary>The range of an axis for data from <paramref name="min"/> to <paramref name="max"/>: the data plus a
    /// margin of <paramref name="margin"/> (a share of the data's range) on each side, so no point sits on the frame,
    /// and a step that gives at least two ticks (whole-number steps for <paramref name="integer"/> data may give one).
    /// A flat series gets a range around its value.</summary>
    public static (double Low, double High, double Step) Domain(double min, double max, int maxCount, double margin = 0.05, bool integer = false)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max) (min, max) = (0, 1);
        double pad = min == max
            // Constant values (a single epoch, a loss stuck at one value) still need a scale to be drawn on.
            ? (integer ? 0.5 : min == 0 ? 1 : Math.Abs(min) * 0.1)
            : (max - min) * margin;
        // A range below the doubles' resolution at this magnitude would give ticks that coincide.
        pad = Math.Max(pad, Math.Max(Math.Abs(min), Math.Abs(max)) * MinRelativeRange);
        double low = min - pad, high = max + pad;
        double step = Step(high - low, maxCount, integer);
        // The step rounds up to 1-2-5, which can leave a single tick on a short axis; a finer one always exists.
        for (int count = maxCount + 1; Values(low, high, step).Count < 2 && count < maxCount + 20; count++)
            step = Step(high - low, count, integer);
        return (low, high, step);
    }

    /// <summary>The multiples of <paramref name="step"/> from <paramref name="low"/> to <paramref name="high"/>, each
    /// the double nearest its decimal value (k units of the step's power of ten), so that 0.1 + 0.2 drift never shows
    /// and 3e-21 stays 3e-21.</summary>
    public static List<double> Values(double low, double high, double step)
    {
        var ticks = new List<double>();
        if (!(step > 0) || !(high >= low) || !double.IsFinite(high - low)) return ticks;
        var (mantissa, exponent) = Decompose(step);
        double first = Math.Ceiling(low / step - 1e-9), last = Math.Floor(high / step + 1e-9);
        for (double i = first; i <= last; i++) ticks.Add(Compose((long)i * mantissa, exponent));
        return ticks;
    }

    /// <summary>A tick label with exactly as many digits as the step needs (ticks are multiples of the step, so no two
    /// labels look alike), in exponent form (<c>1.5E-20</c>) for steps below 1e-6 or values from 1e7 on.
    /// <paramref name="largest"/> is the axis's largest magnitude, so that all labels of one axis take the same form.</summary>
    public static string Format(double value, double step, double largest = 0)
    {
        if (!(step > 0) || !double.IsFinite(value)) return value.ToString("R", CultureInfo.InvariantCulture);
        var (_, exponent) = Decompose(step);
        double units = Math.Round(value / Math.Pow(10, exponent));
        // A value far from every multiple of the step (not a tick) still gets a true label.
        if (!(Math.Abs(units) < MaxUnits)) return value.ToString("R", CultureInfo.InvariantCulture);
        if (exponent >= -6 && Math.Max(Math.Abs(value), largest) < 1e7) return Fixed((long)units, exponent);
        return units == 0 ? "0" : Scientific((long)units, exponent);
    }

    /// <summary><paramref name="step"/> as a whole number of units of a power of ten: 5e-22 is (5, -22), 0.1 is (1, -1).</summary>
    private static (long Mantissa, int Exponent) Decompose(double step)
    {
        int exponent = (int)Math.Floor(Math.Log10(step) + 1e-9);
        long mantissa = (long)Math.Round(step / Math.Pow(10, exponent));
        return mantissa >= 10 ? (mantissa / 10, exponent + 1) : (Math.Max(1, mantissa), exponent);
    }

    /// <summary>The double nearest <paramref name="units"/> × 10^<paramref name="exponent"/> (parsing the decimal is
    /// exact where multiplying by an inexact power of ten is not); never −0.</summary>
    private static double Compose(long units, int exponent) =>
        units == 0 ? 0 : double.Parse(string.Create(CultureInfo.InvariantCulture, $"{units}E{exponent}"), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary><paramref name="units"/> × 10^<paramref name="exponent"/> with max(0, −exponent) decimals.</summary>
    private static string Fixed(long units, int exponent)
    {
        string digits = Math.Abs(units).ToString(CultureInfo.InvariantCulture);
        string sign = units < 0 ? "-" : "";
        if (exponent >= 0) return units == 0 ? "0" : sign + digits + new string('0', exponent);
        digits = digits.PadLeft(1 - exponent, '0');
        int point = digits.Length + exponent;
        return sign + digits[..point] + "." + digits[point..];
    }

    /// <summary><paramref name="units"/> × 10^<paramref name="exponent"/> as <c>d.dddE±x</c>, without trailing zeros.</summary>
    private static string Scientific(long units, int exponent)
    {
        string digits = Math.Abs(units).ToString(CultureInfo.InvariantCulture);
        int power = exponent + digits.Length - 1;
        string significant = digits.TrimEnd('0');
        string mantissa = significant.Length > 1 ? significant[..1] + "." + significant[1..] : significant;
        return string.Create(CultureInfo.InvariantCulture, $"{(units < 0 ? "-" : "")}{mantissa}E{(power < 0 ? "-" : "+")}{Math.Abs(power)}");
    }
}
