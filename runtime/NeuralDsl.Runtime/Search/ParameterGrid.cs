namespace NeuralDsl;

/// <summary>
/// The combinations of a search space, numbered as nested loops with the first parameter outermost (mixed-radix,
/// the last parameter the fastest digit), so that a combination is computed from its number without listing the grid.
/// </summary>
internal sealed class ParameterGrid
{
    private readonly (string Name, object[] Values)[] _parameters;

    public ParameterGrid((string Name, object[] Values)[] parameters)
    {
        _parameters = parameters;
        Names = [.. parameters.Select(p => p.Name)];
        Count = parameters.Length == 0 ? 0
            : parameters.Aggregate(1L, (product, p) => product > long.MaxValue / p.Values.Length ? long.MaxValue : product * p.Values.Length);
    }

    public string[] Names { get; }

    /// <summary>Number of combinations; 0 without parameters, <see cref="long.MaxValue"/> when the product overflows.</summary>
    public long Count { get; }

    /// <summary>The parameters of combination <paramref name="number"/> (0 ≤ number &lt; <see cref="Count"/>).</summary>
    public IReadOnlyDictionary<string, object> At(long number)
    {
        var values = new KeyValuePair<string, object>[_parameters.Length];
        for (int p = _parameters.Length - 1; p >= 0; p--)
        {
            var (name, list) = _parameters[p];
            values[p] = new(name, list[(int)(number % list.Length)]);
            number /= list.Length;
        }
        return Trial.ParametersOf(values);
    }
}
