namespace NeuralDsl;

/// <summary>Converts between class indices and one-hot rows.</summary>
public static class OneHot
{
    /// <summary>Encodes each label as a row of <paramref name="classes"/> values with a single 1.</summary>
    public static float[] Encode(ReadOnlySpan<int> labels, int classes)
    {
        if (classes <= 0)
        {
            throw new ArgumentException($"classes must be positive but is {classes}", nameof(classes));
        }

        var result = new float[checked(labels.Length * classes)];
        for (int i = 0; i < labels.Length; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentException(
                    $"label {label} at index {i} is outside [0, {classes})", nameof(labels));
            }

            result[i * classes + label] = 1f;
        }

        return result;
    }

    /// <summary>Decodes each row to the index of its largest value (the first one on ties).</summary>
    public static int[] Decode(ReadOnlySpan<float> oneHot, int classes)
    {
        if (classes <= 0)
        {
            throw new ArgumentException($"classes must be positive but is {classes}", nameof(classes));
        }

        if (oneHot.Length % classes != 0)
        {
            throw new ArgumentException(
                $"length {oneHot.Length} is not a whole number of rows of {classes} classes", nameof(oneHot));
        }

        var result = new int[oneHot.Length / classes];
        for (int row = 0; row < result.Length; row++)
        {
            ReadOnlySpan<float> values = oneHot.Slice(row * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (values[c] > values[best])
                {
                    best = c;
                }
            }

            result[row] = best;
        }

        return result;
    }
}
