namespace NeuralDsl;

/// <summary>
/// One line of a chart: points (<see cref="X"/>[i], <see cref="Y"/>[i]); a non-finite y (a NaN loss, a failed trial)
/// breaks the line there instead of being drawn. Series that share a <see cref="Name"/>, colour and dash share one
/// legend entry; an empty name has none.
/// </summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, string Color)
{
    /// <summary>Drawn dashed (validation series, by convention).</summary>
    public bool Dashed { get; init; }

    /// <summary>A dot on every point, not only on points that have no neighbour to join.</summary>
    public bool Markers { get; init; }

    /// <summary>When set, each non-finite point is marked with a cross at the foot of the plot, and the legend
    /// explains the cross with this text (a failed trial is a result too, not just a gap).</summary>
    public string? MissingLabel { get; init; }
}
