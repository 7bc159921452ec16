using System.Globalization;

namespace NeuralDsl;

/// <summary>
/// The numeric conversions of <see cref="Trial.Get{T}(string)"/>: a search space written with C# literals holds
/// doubles and ints, while a model wants floats (learning rates) and ints (sizes). Any number reads as any of
/// <c>int</c>, <c>long</c>, <c>float</c>, <c>double</c> when the value survives: 32.0 reads as 32, 0.5 does not read
/// as an int. Type tests on the target type rather than reflection keep this trimming- and AOT-safe (the
/// JIT and the AOT compiler fold them per instantiation).
/// </summary>
internal static class ParameterConversion
{
    /// <summary>Converts <paramref name="value"/>; false with the reason when it cannot be read as <typeparamref name="T"/>.</summary>
    public static bool TryConvert<T>(object value, out T result, out string? reason)
    {
        result = default!;
        reason = null;
        if (!IsNumeric(typeof(T))) return false;
        switch (value)
        {
            case int whole: return FromWhole(whole, out result, out reason);
            case long whole: return FromWhole(whole, out result, out reason);
            // Through the float's shortest text, so that 0.001f reads as the double 0.001 rather than 0.0010000000474974513.
            case float single: return FromReal(double.Parse(single.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), out result, out reason);
            case double real: return FromReal(real, out result, out reason);
            default: return false;
        }
    }

    private static bool IsNumeric(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(float) || type == typeof(double);

    private static bool FromWhole<T>(long value, out T result, out string? reason)
    {
        result = default!;
        reason = null;
        if (typeof(T) == typeof(int))
        {
            if (value is < int.MinValue or > int.MaxValue)
            {
                reason = "it is outside int's range";
                return false;
            }
            result = (T)(object)(int)value;
        }
        else if (typeof(T) == typeof(long)) result = (T)(object)value;
        else if (typeof(T) == typeof(float)) result = (T)(object)(float)value;
        else result = (T)(object)(double)value;
        return true;
    }

    private static bool FromReal<T>(double value, out T result, out string? reason)
    {
        result = default!;
        reason = null;
        if (typeof(T) == typeof(double))
        {
            result = (T)(object)value;
            return true;
        }
        if (typeof(T) == typeof(float))
        {
            float single = (float)value;
            if (float.IsInfinity(single) && !double.IsInfinity(value))
            {
                reason = "it is outside float's range";
                return false;
            }
            result = (T)(object)single;
            return true;
        }
        if (!double.IsInteger(value))
        {
            reason = "it is not a whole number";
            return false;
        }
        if (typeof(T) == typeof(int))
        {
            if (value is < int.MinValue or > int.MaxValue)
            {
                reason = "it is outside int's range";
                return false;
            }
            result = (T)(object)(int)value;
            return true;
        }
        // 2^63 itself is a double that no long holds.
        if (value is < -9.2233720368547758E18 or >= 9.2233720368547758E18)
        {
            reason = "it is outside long's range";
            return false;
        }
        result = (T)(object)(long)value;
        return true;
    }
}
