namespace NeuralDsl;

/// <summary>
/// The hyper-parameters a search tries: named lists of values, in the order they were added
/// (<c>new SearchSpace().Add("learning_rate", 0.01, 0.001).Add("batch_size", 32, 128)</c>). The grid is every
/// combination; its order is that of nested loops with the first parameter outermost, so the first parameter varies
/// slowest and the last fastest, as scikit-learn's <c>ParameterGrid</c> does.
/// </summary>
public sealed class SearchSpace
{
    private readonly List<(string Name, object[] Values)> _parameters = [];

    /// <summary>Adds a parameter that takes these numbers (e.g. learning rates).</summary>
    /// <exception cref="ArgumentException">The name is empty or already added, or the list is empty or repeats a value.</exception>
    public SearchSpace Add(string name, params double[] values) => Add(name, Box(values));

    /// <summary>Adds a parameter that takes these single-precision numbers.</summary>
    /// <exception cref="ArgumentException">The name is empty or already added, or the list is empty or repeats a value.</exception>
    public SearchSpace Add(string name, params float[] values) => Add(name, Box(values));

    /// <summary>Adds a parameter that takes these whole numbers (e.g. batch sizes, hidden units).</summary>
    /// <exception cref="ArgumentException">The name is empty or already added, or the list is empty or repeats a value.</exception>
    public SearchSpace Add(string name, params int[] values) => Add(name, Box(values));

    /// <summary>Adds a parameter that takes these 64-bit whole numbers.</summary>
    /// <exception cref="ArgumentException">The name is empty or already added, or the list is empty or repeats a value.</exception>
    public SearchSpace Add(string name, params long[] values) => Add(name, Box(values));

    /// <summary>Adds a parameter that takes these texts (e.g. optimizer names).</summary>
    /// <exception cref="ArgumentException">The name is empty or already added, or the list is empty, holds a null or repeats a value.</exception>
    public SearchSpace Add(string name, params string[] values) => Add(name, Box(values));

    /// <summary>Adds a switch (e.g. <c>true, false</c>).</summary>
    /// <exception cref="ArgumentException">The name is empty or already added, or the list is empty or repeats a value.</exception>
    public SearchSpace Add(string name, params bool[] values) => Add(name, Box(values));

    /// <summary>The parameter names, in the order added.</summary>
    public IReadOnlyList<string> Names => [.. _parameters.Select(p => p.Name)];

    /// <summary>The values of parameter <paramref name="name"/>, in the order given.</summary>
    /// <exception cref="ArgumentException">No parameter has that name.</exception>
    public IReadOnlyList<object> Values(string name) => Array.AsReadOnly(_parameters[IndexOf(name)].Values);

    /// <summary>Number of combinations in the grid: the product of the list lengths (0 before the first
    /// <see cref="Add(string, double[])"/>, capped at <see cref="long.MaxValue"/>).</summary>
    public long Combinations => new ParameterGrid(Snapshot()).Count;

    /// <summary>The parameters and their values, e.g. <c>learning_rate: 0.01, 0.001; batch_size: 32, 128</c>.</summary>
    public override string ToString() =>
        string.Join("; ", _parameters.Select(p => $"{p.Name}: {string.Join(", ", p.Values.Select(ParameterText.Format))}"));

    /// <summary>The lists as they are now, so that a search is not changed by a later <c>Add</c>.</summary>
    internal (string Name, object[] Values)[] Snapshot() => [.. _parameters];

    private SearchSpace Add(string name, object[] values)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (_parameters.Exists(p => p.Name == name))
            throw new ArgumentException($"The search space already has a parameter \"{name}\".", nameof(name));
        if (values.Length == 0)
            throw new ArgumentException($"Parameter \"{name}\" needs at least one value.", nameof(values));
        if (Array.IndexOf(values, null) >= 0)
            throw new ArgumentException($"Parameter \"{name}\" lists a null value.", nameof(values));
        // A repeated value would make two grid points the same trial.
        for (int i = 1; i < values.Length; i++)
        {
            if (Array.IndexOf(values, values[i], 0, i) >= 0)
                throw new ArgumentException($"Parameter \"{name}\" lists {ParameterText.Format(values[i])} twice.", nameof(values));
        }
        _parameters.Add((name, values));
        return this;
    }

    private int IndexOf(string name)
    {
        int index = _parameters.FindIndex(p => p.Name == name);
        return index >= 0 ? index
            : throw new ArgumentException($"The search space has no parameter \"{name}\"; it has {ParameterText.Names(Names)}.", nameof(name));
    }

    private static object[] Box<T>(T[] values) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(values);
        var boxed = new object[values.Length];
        for (int i = 0; i < values.Length; i++) boxed[i] = values[i];
        return boxed;
    }
}
