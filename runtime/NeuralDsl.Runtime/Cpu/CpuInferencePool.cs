using System.Numerics;

namespace NeuralDsl.Cpu;

/// <summary>
/// The CPU backend's inference passes: sets of the model's generated passes, each with a workspace of its own, lent to one
/// Predict or Evaluate call at a time, so calls on several threads run in parallel on one model and never write into each
/// other's activations. A set is made when every existing one is lent, up to one per core (more could not run at once
/// anyway, and each costs a workspace); beyond that a caller waits for a set to come back. A set keeps its workspace, so
/// a call allocates nothing once the sets exist at its size.
/// </summary>
internal sealed class CpuInferencePool
{
    private readonly Func<CpuPasses> _create;
    private readonly ModelInfo _info;
    private readonly int _limit = Math.Max(1, Environment.ProcessorCount);
    private readonly object _lock = new();
    private readonly Stack<Lease> _idle;
    private int _created, _waiting;

    public CpuInferencePool(Func<CpuPasses> create, ModelInfo info)
    {
        _create = create;
        _info = info;
        _idle = new Stack<Lease>(_limit);
    }

    public IInferencePasses Rent(int rows)
    {
        Lease? lease = null;
        lock (_lock)
        {
            while (lease is null)
            {
                if (_idle.TryPop(out var idle)) lease = idle;
                else if (_created < _limit)
                {
                    _created++;
                    break; // made below, outside the lock
                }
                else
                {
                    _waiting++;
                    try
                    {
                        Monitor.Wait(_lock);
                    }
                    finally
                    {
                        _waiting--;
                    }
                }
            }
        }
        try
        {
            lease ??= new Lease(_create(), _info);
            lease.Reserve(rows);
            return lease;
        }
        catch
        {
            Return(lease, failed: true);
            throw;
        }
    }

    public void Return(IInferencePasses passes) => Return((Lease)passes, failed: false);

    private void Return(Lease? lease, bool failed)
    {
        lock (_lock)
        {
            // A set that could not be made or grown is dropped; the next caller makes a new one.
            if (lease is null || failed) _created--;
            else _idle.Push(lease);
            // Only when somebody waits: pulsing costs a call into the runtime on every prediction otherwise.
            if (_waiting > 0) Monitor.Pulse(_lock);
        }
    }

    /// <summary>One set of passes, the rows its workspace holds, and the sums of its evaluations.</summary>
    private sealed class Lease : IInferencePasses
    {
        private readonly CpuPasses _passes;
        private readonly int _outputs;
        private float[] _evaluated = [];

        public Lease(CpuPasses passes, ModelInfo info)
        {
            _passes = passes;
            _outputs = info.OutputSize;
            Metrics = new HostBatchMetrics(info, rows => _evaluated.AsSpan(0, rows * _outputs), passes.Penalty);
        }

        public int Capacity { get; private set; }

        public IBatchMetrics Metrics { get; }

        /// <summary>Grows the workspace in powers of two, so that callers with ever larger batches reallocate a few times only.</summary>
        public void Reserve(int rows)
        {
            if (rows <= Capacity) return;
            int capacity = rows > 1 << 30 ? rows : (int)BitOperations.RoundUpToPowerOf2((uint)rows);
            _passes.AllocateWorkspace(capacity);
            _evaluated = new float[capacity * _outputs];
            Capacity = capacity;
        }

        public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int rows) => _passes.Forward(x, rows, PassMode.Inference);

        public void Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, int step)
        {
            Forward(x, rows).CopyTo(_evaluated);
            Metrics.Add(new Batch(x, default, 0, rows, targets), step);
        }
    }
}
