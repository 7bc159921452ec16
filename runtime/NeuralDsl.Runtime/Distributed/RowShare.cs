namespace NeuralDsl.Distributed;

/// <summary>
/// How rows are split between ranks: contiguous and as even as possible, rank r taking rows
/// [⌊rows·r/size⌋, ⌊rows·(r+1)/size⌋). Every rank computes every share the same way, so the shares cover each row once.
/// </summary>
internal static class RowShare
{
    /// <summary>The first row and the number of rows of <paramref name="rank"/>'s share of <paramref name="rows"/>.</summary>
    public static (int Start, int Count) Of(int rows, int rank, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (size <= 0 || rank < 0 || rank >= size)
            throw new ArgumentOutOfRangeException(nameof(rank), rank, $"Rank {rank} is not in a group of {size} processes.");
        int start = (int)((long)rows * rank / size), end = (int)((long)rows * (rank + 1) / size);
        return (start, end - start);
    }
}
