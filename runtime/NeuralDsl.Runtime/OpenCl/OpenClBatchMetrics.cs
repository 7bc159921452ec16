namespace NeuralDsl.OpenCl;

/// <summary>
/// <see cref="IBatchMetrics"/> on an OpenCL device. Each batch is one launch of the model's batch-metrics kernel, which
/// adds its confusion counts to int counts on the device and writes its mean loss to a slot of its own: a float per batch
/// rather than a running float sum, so that the host sums the batches' losses in double when it reads them, as the CPU
/// does. Nothing here waits for the device until <see cref="ReadInto"/>; if the slots (an epoch's steps for training) or
/// the range of the int counts run out before that, the sums so far are read into host sums and the device's restart,
/// so a value is never lost or wrapped, only read early.
/// </summary>
internal sealed class OpenClBatchMetrics : IBatchMetrics
{
    private readonly OpenClBackend _backend;
    private readonly OpenClBuffer<int> _counts;
    private readonly OpenClBuffer<float> _losses;
    private readonly int[] _hostCounts;
    private readonly float[] _hostLosses;
    private readonly int[] _rowsOfSlot, _stepOfSlot;
    private readonly int _predictionsPerRow;
    private readonly MetricSums _read;
    private NonFiniteLoss? _firstNonFinite;
    private int _used;
    private long _pendingPredictions;

    /// <param name="backend">Launches the kernel after its forward passes.</param>
    /// <param name="info">The model.</param>
    /// <param name="slots">Batches the device sums before the host must read them.</param>
    public OpenClBatchMetrics(OpenClBackend backend, ModelInfo info, int slots)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(slots);
        _backend = backend;
        int classes = info.IsBinary ? 1 : info.OutputSize;
        // As MetricsAccumulator counts: every output of a binary model, every row of a categorical one.
        _predictionsPerRow = info.IsBinary ? info.OutputSize : 1;
        _read = new MetricSums(classes);
        _hostCounts = new int[OpenClAbi.MetricsCountLength(classes)];
        _hostLosses = new float[slots];
        _rowsOfSlot = new int[slots];
        _stepOfSlot = new int[slots];
        _counts = backend.Context.CreateBuffer<int>(_hostCounts.Length);
        try
        {
            _losses = backend.Context.CreateBuffer<float>(slots);
        }
        catch
        {
            _counts.Dispose();
            throw;
        }
        RestartDevice();
    }

    public void Reset()
    {
        if (_used > 0 || _pendingPredictions > 0) RestartDevice();
        _read.Clear();
        _firstNonFinite = null;
    }

    public bool Add(in Batch batch, int step)
    {
        long predictions = (long)batch.Count * _predictionsPerRow;
        if (_used == _hostLosses.Length || _pendingPredictions + predictions > int.MaxValue) ReadDevice();
        _rowsOfSlot[_used] = batch.Count;
        _stepOfSlot[_used] = step;
        _backend.AddMetrics(_counts, _losses, _used);
        _used++;
        _pendingPredictions += predictions;
        return false; // known only when read
    }

    public NonFiniteLoss? ReadInto(MetricsAccumulator accumulator)
    {
        ReadDevice();
        _read.CopyTo(accumulator.Sums);
        return _firstNonFinite;
    }

    /// <summary>Adds the device's sums to the host's (two reads, which wait for the queue) and starts the device's again.</summary>
    private void ReadDevice()
    {
        if (_used == 0) return;
        _counts.Read(_hostCounts);
        _losses.Read(_hostLosses.AsSpan(0, _used));
        double lossSum = 0;
        long rows = 0;
        for (int slot = 0; slot < _used; slot++)
        {
            lossSum += (double)_hostLosses[slot] * _rowsOfSlot[slot];
            rows += _rowsOfSlot[slot];
        }
        _read.LossSum += lossSum;
        _read.Rows += rows;
        _read.Correct += _hostCounts[OpenClAbi.MetricsCorrect];
        _read.Count += _pendingPredictions;
        var confusion = _hostCounts.AsSpan(OpenClAbi.MetricsConfusion);
        int classes = _read.Classes;
        for (int c = 0; c < classes; c++)
        {
            _read.TruePositives[c] += confusion[c];
            _read.FalsePositives[c] += confusion[classes + c];
            _read.FalseNegatives[c] += confusion[2 * classes + c];
        }
        int firstSlot = _hostCounts[OpenClAbi.MetricsFirstNonFinite];
        if (firstSlot != int.MaxValue && _firstNonFinite is null)
            _firstNonFinite = new NonFiniteLoss(_stepOfSlot[firstSlot], _hostLosses[firstSlot]);
        RestartDevice();
    }

    /// <summary>Zeroes the device's counts, with no non-finite slot yet (enqueued, no wait).</summary>
    private void RestartDevice()
    {
        _counts.Fill(0);
        _counts.Fill(int.MaxValue, OpenClAbi.MetricsFirstNonFinite, 1);
        _used = 0;
        _pendingPredictions = 0;
    }

    public void Dispose()
    {
        _losses.Dispose();
        _counts.Dispose();
    }
}
