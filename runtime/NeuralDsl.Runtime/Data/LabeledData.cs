namespace NeuralDsl;

/// <summary>
/// Samples as one flat row-major feature buffer plus one integer class label per row.
/// Flat buffers keep the data ready for the runtime's span-based kernels without copying.
/// </summary>
public sealed class LabeledData
{
    public LabeledData(float[] features, int[] labels, int featureSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (featureSize <= 0)
        {
            throw new ArgumentException($"featureSize must be positive but is {featureSize}", nameof(featureSize));
        }

        if ((long)labels.Length * featureSize != features.Length)
        {
            throw new ArgumentException(
                $"{labels.Length} labels × {featureSize} features need {(long)labels.Length * featureSize} feature values but {features.Length} were given",
                nameof(features));
        }

        Features = features;
        Labels = labels;
        FeatureSize = featureSize;
    }

    /// <summary>Rows × <see cref="FeatureSize"/> values, row-major.</summary>
    public float[] Features { get; }

    /// <summary>One class index per row.</summary>
    public int[] Labels { get; }

    /// <summary>Number of samples.</summary>
    public int Rows => Labels.Length;

    /// <summary>Number of feature values per sample.</summary>
    public int FeatureSize { get; }

    /// <summary>The labels one-hot encoded as Rows × <paramref name="classes"/> values.</summary>
    public float[] OneHotLabels(int classes) => OneHot.Encode(Labels, classes);

    /// <summary>A copy of <paramref name="count"/> contiguous rows starting at row <paramref name="start"/>.</summary>
    public LabeledData Take(int start, int count)
    {
        if (start < 0 || count < 0 || (long)start + count > Rows)
        {
            throw new ArgumentException(
                $"cannot take {count} rows starting at row {start} from data with {Rows} rows",
                start < 0 || start > Rows ? nameof(start) : nameof(count));
        }

        float[] features = Features.AsSpan(start * FeatureSize, count * FeatureSize).ToArray();
        int[] labels = Labels.AsSpan(start, count).ToArray();
        return new LabeledData(features, labels, FeatureSize);
    }
}
