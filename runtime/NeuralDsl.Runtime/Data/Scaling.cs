namespace NeuralDsl;

/// <summary>Rescales raw values into the [0, 1] range most models train best on.</summary>
public static class Scaling
{
    /// <summary>Maps <paramref name="min"/>..<paramref name="max"/> linearly onto 0..1, in place.</summary>
    public static void ToUnitRange(Span<float> values, float min, float max)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || !(max > min))
        {
            throw new ArgumentException(
                $"the range must be finite with max > min but is min {min}, max {max}", nameof(max));
        }

        float range = max - min;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] - min) / range;
        }
    }

    /// <summary>Converts bytes to floats divided by 255, so 0..255 becomes 0..1.</summary>
    public static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var result = new float[bytes.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            // Division (not multiplication by 1/255) keeps 255 -> exactly 1.0f.
            result[i] = bytes[i] / 255f;
        }

        return result;
    }
}
