namespace NeuralDsl.Distributed;

/// <summary>
/// What every rank of a data-parallel Fit must hold alike (sizes, settings, checksums), compared in ONE collective call:
/// an all-reduce of the maxima of v and of −v gives every rank the largest and the smallest value of each fact, so every
/// rank finds the same first difference. A 128-bit checksum goes as four 32-bit parts, each exact in a double, so that
/// every bit is compared. Cleared and refilled, it allocates nothing once it has held as many facts.
/// </summary>
internal sealed class RankFacts
{
    private readonly List<string> _names = [];
    private readonly List<double> _values = [];
    private readonly List<bool> _checksums = [];
    private double[] _extremes = [];

    public int Count => _values.Count;

    public void Clear()
    {
        _names.Clear();
        _values.Clear();
        _checksums.Clear();
    }

    /// <summary>A number that must be equal on every rank, e.g. <c>("the batch size", 32)</c>.</summary>
    public void Add(string name, double value) => Add(name, value, checksum: false);

    /// <summary>A checksum (<see cref="DataChecksum"/>) that must be equal on every rank, every bit of it.</summary>
    public void AddChecksum(string name, UInt128 checksum)
    {
        for (int part = 0; part < 4; part++) Add(name, (uint)(checksum >> (32 * part)), checksum: true);
    }

    private void Add(string name, double value, bool checksum)
    {
        _names.Add(name);
        _values.Add(value);
        _checksums.Add(checksum);
    }

    /// <summary>Compares the facts across <paramref name="group"/>: collective, every rank must have added as many (the
    /// same code adding the same facts). The first fact that differs, the same on every rank, or null when none does.</summary>
    public FactDifference? FirstDifference(IDataParallelGroup group)
    {
        int count = _values.Count;
        if (_extremes.Length < 2 * count) _extremes = new double[2 * count];
        var extremes = _extremes.AsSpan(0, 2 * count);
        for (int i = 0; i < count; i++)
        {
            extremes[2 * i] = _values[i];
            extremes[2 * i + 1] = -_values[i];
        }
        group.AllReduceMax(extremes);
        for (int i = 0; i < count; i++)
        {
            double largest = extremes[2 * i], smallest = -extremes[2 * i + 1];
            if (largest != smallest) return new FactDifference(_names[i], smallest, largest, _values[i], _checksums[i]);
        }
        return null;
    }
}
