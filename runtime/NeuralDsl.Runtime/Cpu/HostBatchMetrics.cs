namespace NeuralDsl.Cpu;

/// <summary>
/// <see cref="IBatchMetrics"/> computed on the host from outputs the passes left there (the CPU backend's training pass and
/// its inference passes): <see cref="MetricsAccumulator.Add"/> per batch, so a divergence is known at once.
/// </summary>
internal sealed class HostBatchMetrics : IBatchMetrics
{
    /// <summary>The outputs of the last forward pass, <paramref name="rows"/> × OutputSize.</summary>
    public delegate ReadOnlySpan<float> OutputSource(int rows);

    private readonly MetricsAccumulator _sums;
    private readonly OutputSource _outputs;
    private readonly Func<double> _penalty;
    private NonFiniteLoss? _firstNonFinite;

    /// <param name="info">The model.</param>
    /// <param name="outputs">The outputs of the last forward pass.</param>
    /// <param name="penalty">The regularization penalty of the weights the pass used.</param>
    public HostBatchMetrics(ModelInfo info, OutputSource outputs, Func<double> penalty)
    {
        _sums = new MetricsAccumulator(info);
        _outputs = outputs;
        _penalty = penalty;
    }

    public void Reset()
    {
        _sums.Reset();
        _firstNonFinite = null;
    }

    public bool Add(in Batch batch, int step) => Add(_outputs(batch.Count), batch.Targets, batch.Count, step);

    /// <summary>Adds a batch whose outputs the caller holds.</summary>
    public bool Add(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int rows, int step)
    {
        double loss = _sums.Add(outputs, targets, rows, _penalty());
        // Checked as the float History stores: a double beyond float's range would be recorded as infinity.
        if (float.IsFinite((float)loss)) return false;
        _firstNonFinite ??= new NonFiniteLoss(step, (float)loss);
        return true;
    }

    public NonFiniteLoss? ReadInto(MetricsAccumulator accumulator)
    {
        _sums.Sums.CopyTo(accumulator.Sums);
        return _firstNonFinite;
    }

    public void Dispose()
    {
    }
}
