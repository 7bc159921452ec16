namespace NeuralDsl;

/// <summary>
/// The rows one pass runs on: <see cref="Count"/> rows of a data set whose inputs are <see cref="X"/>, taken in sequence
/// from row <see cref="Start"/> or, for a training batch, at positions <c>Start ..</c> of the epoch's <see cref="Order"/>;
/// and their targets in batch order (empty for inference).
/// </summary>
internal readonly ref struct Batch
{
    public Batch(ReadOnlySpan<float> x, ReadOnlySpan<int> order, int start, int count, ReadOnlySpan<float> targets)
    {
        X = x;
        Order = order;
        Start = start;
        Count = count;
        Targets = targets;
    }

    /// <summary>Inputs of every row of the data set the batch is taken from.</summary>
    public ReadOnlySpan<float> X { get; }

    /// <summary>The epoch's row order, or empty for rows taken in sequence.</summary>
    public ReadOnlySpan<int> Order { get; }

    public int Start { get; }

    public int Count { get; }

    /// <summary>The batch's targets, <see cref="Count"/> × outputs in batch order; empty for inference.</summary>
    public ReadOnlySpan<float> Targets { get; }

    /// <summary>Rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> of <paramref name="x"/>, with
    /// the same rows of <paramref name="targets"/> (if any).</summary>
    public static Batch InSequence(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int start, int count, int outputs) =>
        new(x, default, start, count, targets.IsEmpty ? default : targets.Slice(start * outputs, count * outputs));

    /// <summary>Row <paramref name="index"/> of the batch: its position in <see cref="X"/>.</summary>
    public int RowAt(int index) => Order.IsEmpty ? Start + index : Order[Start + index];
}
