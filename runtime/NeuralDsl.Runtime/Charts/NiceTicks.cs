using System.Globalization;

namespace NeuralDsl;

/// <summary>
/// Axis ticks at "nice" values: steps of 1, 2 or 5 times a power of ten, as a person would label an axis by hand.
/// </summary>
internal static class NiceTicks
{
    /// <summary>The 1-2-5 step that cuts <paramref name="range"/> into at most about <paramref name="maxCount"/>
    /// intervals; with <paramref name="integer"/> (epochs, trials) the step is a whole number.</summary>
    public static double Step(double range, int maxCount, bool integer = false)
    {
        if (!(range > 0) || double.IsInfinity(range)) return 1;
        double raw = range / Math.Max(1, maxCount);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / magnitude;
        // Rounding up keeps the interval count at or below maxCount, so the labels do not crowd.
        // The tolerance keeps 0.2 / 0.1 = 2.0000000000000004 a 2.
        double nice = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
        double step = nice * magnitude;
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
        double low = min - pad, high = max + pad;
        double step = Step(high - low, maxCount, integer);
        // The step rounds up to 1-2-5, which can leave a single tick on a short axis; a finer one always exists.
        for (int count = maxCount + 1; Values(low, high, step).Count < 2 && count < maxCount + 20; count++)
            step = Step(high - low, count, integer);
        return (low, high, step);
    }

    /// <summary>The multiples of <paramref name="step"/> from <paramref name="low"/> to <paramref name="high"/>,
    /// computed from an index rather than by repeated addition, so that 0.1 + 0.2 drift never shows.</summary>
    public static List<double> Values(double low, double high, double step)
    {
        var ticks = new List<double>();
        if (!(step > 0) || !(high >= low)) return ticks;
        double slack = step * 1e-9;
        for (double i = Math.Ceiling((low - slack) / step); i * step <= high + slack; i++)
            ticks.Add(Clean(i * step, step));
        return ticks;
    }

    /// <summary>A tick label with exactly as many decimals as the step needs (ticks are multiples of the step, so no
    /// two labels look alike), in exponent form for very small steps or very large values. <paramref name="largest"/>
    /// is the axis's largest magnitude, so that all labels of one axis take the same form.</summary>
    public static string Format(double value, double step, double largest = 0)
    {
        int stepExponent = (int)Math.Floor(Math.Log10(step) + 1e-9);
        if (stepExponent >= -6 && Math.Max(Math.Abs(value), largest) < 1e7)
        {
            int decimals = Math.Max(0, -stepExponent);
            return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
        if (value == 0) return "0";
        // As many mantissa digits as it takes to tell neighbouring ticks apart.
        int digits = Math.Clamp((int)Math.Floor(Math.Log10(Math.Abs(value))) - stepExponent, 0, 15);
        return value.ToString(digits == 0 ? "0E+0" : "0." + new string('#', digits) + "E+0", CultureInfo.InvariantCulture);
    }

    /// <summary>Rounds away the last-bit error of a multiple of the step, and turns −0 into 0 (else "-0" is a label).</summary>
    private static double Clean(double value, double step)
    {
        if (Math.Abs(value) < step * 1e-9) return 0;
        double decimals = Math.Clamp(-Math.Floor(Math.Log10(step)) + 2, 0, 15);
        return Math.Round(value, (int)decimals);
    }
}
