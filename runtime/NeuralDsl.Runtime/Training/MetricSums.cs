namespace NeuralDsl;

/// <summary>
/// The raw sums the metrics of an epoch or an evaluation are computed from, in one flat array (<see cref="Values"/>):
/// the row-weighted loss sum, the rows, the correct predictions and the predictions counted, then true positives, false
/// positives and false negatives per class. Where they are summed does not matter (on the host by the CPU backend, on a
/// device by the OpenCL one, across processes by a data-parallel run, which adds the arrays element-wise in one
/// all-reduce): <see cref="MetricsAccumulator"/> turns the totals into the values with one set of formulas. Counts are
/// exact in a double up to 2^53.
/// </summary>
internal sealed class MetricSums
{
    private const int LossSumIndex = 0, RowsIndex = 1, CorrectIndex = 2, CountIndex = 3, ClassesStart = 4;

    public MetricSums(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        Classes = classes;
        Values = new double[ClassesStart + 3 * classes];
    }

    /// <summary>Classes with confusion counts: 1 for a binary model, the outputs for a categorical one.</summary>
    public int Classes { get; }

    /// <summary>Every sum in the layout described above; add another run's array element-wise to combine them.</summary>
    public double[] Values { get; }

    /// <summary>Σ over batches of the batch's mean loss (regularization included) × its rows.</summary>
    public double LossSum
    {
        get => Values[LossSumIndex];
        set => Values[LossSumIndex] = value;
    }

    public double Rows
    {
        get => Values[RowsIndex];
        set => Values[RowsIndex] = value;
    }

    /// <summary>Predictions that matched their target (elements for a binary model, rows for a categorical one).</summary>
    public double Correct
    {
        get => Values[CorrectIndex];
        set => Values[CorrectIndex] = value;
    }

    /// <summary>Predictions counted (the denominator of the accuracy).</summary>
    public double Count
    {
        get => Values[CountIndex];
        set => Values[CountIndex] = value;
    }

    public Span<double> TruePositives => Values.AsSpan(ClassesStart, Classes);

    public Span<double> FalsePositives => Values.AsSpan(ClassesStart + Classes, Classes);

    public Span<double> FalseNegatives => Values.AsSpan(ClassesStart + 2 * Classes, Classes);

    public void Clear() => Array.Clear(Values);

    /// <summary>Adds <paramref name="other"/>'s sums (of a model with as many classes) to these.</summary>
    public void Add(MetricSums other)
    {
        if (other.Values.Length != Values.Length)
            throw new ArgumentException($"Sums of {other.Classes} classes cannot be added to sums of {Classes}.", nameof(other));
        for (int i = 0; i < Values.Length; i++) Values[i] += other.Values[i];
    }

    public void CopyTo(MetricSums destination)
    {
        if (destination.Values.Length != Values.Length)
            throw new ArgumentException($"Sums of {Classes} classes cannot be copied into sums of {destination.Classes}.", nameof(destination));
        Values.CopyTo(destination.Values, 0);
    }
}
