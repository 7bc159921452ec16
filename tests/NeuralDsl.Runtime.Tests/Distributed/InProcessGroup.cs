namespace NeuralDsl.Runtime.Tests.Distributed;

/// <summary>
/// A data-parallel group of threads in one process, for Fit on several models at once: every collective call posts this
/// rank's values, waits for the other ranks, and combines them in rank order, so every rank computes the same bits (as
/// an MPI all-reduce gives). <see cref="Abort"/> cancels the waits of the other ranks.
/// </summary>
internal sealed class InProcessGroup : IDataParallelGroup
{
    private readonly Hub _hub;

    private InProcessGroup(Hub hub, int rank)
    {
        _hub = hub;
        Rank = rank;
    }

    /// <summary>The <paramref name="size"/> ranks of one group.</summary>
    public static InProcessGroup[] Create(int size)
    {
        var hub = new Hub(size);
        return Enumerable.Range(0, size).Select(rank => new InProcessGroup(hub, rank)).ToArray();
    }

    public int Rank { get; }

    public int Size => _hub.Size;

    public void AllReduceSum(Span<float> values)
    {
        var all = _hub.Exchange(Rank, values.ToArray());
        for (int i = 0; i < values.Length; i++)
        {
            float sum = 0;
            foreach (var posted in all) sum += ((float[])posted)[i];
            values[i] = sum;
        }
    }

    public void AllReduceSum(Span<double> values)
    {
        var all = _hub.Exchange(Rank, values.ToArray());
        for (int i = 0; i < values.Length; i++)
        {
            double sum = 0;
            foreach (var posted in all) sum += ((double[])posted)[i];
            values[i] = sum;
        }
    }

    public void AllReduceMax(Span<double> values)
    {
        var all = _hub.Exchange(Rank, values.ToArray());
        for (int i = 0; i < values.Length; i++)
        {
            double max = double.NegativeInfinity;
            foreach (var posted in all) max = Math.Max(max, ((double[])posted)[i]);
            values[i] = max;
        }
    }

    public void Broadcast(Span<float> values) => ((float[])_hub.Exchange(Rank, values.ToArray())[0]).CopyTo(values);

    public void Broadcast(Span<int> values) => ((int[])_hub.Exchange(Rank, values.ToArray())[0]).CopyTo(values);

    public void Abort(string message)
    {
        _hub.Cancel();
        throw new InvalidOperationException($"Rank {Rank} aborted the group: {message}");
    }

    private sealed class Hub(int size)
    {
        private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
        private readonly Barrier _barrier = new(size);
        private readonly object[] _posted = new object[size];
        private readonly CancellationTokenSource _aborted = new();

        public int Size => size;

        /// <summary>Every rank's values, in rank order, once every rank has posted its own.</summary>
        public object[] Exchange(int rank, object values)
        {
            _posted[rank] = values;
            Wait();
            var all = (object[])_posted.Clone();
            Wait(); // nobody posts the next call's values before every rank has read these
            return all;
        }

        public void Cancel() => _aborted.Cancel();

        private void Wait()
        {
            if (!_barrier.SignalAndWait(Patience, _aborted.Token))
                throw new TimeoutException($"A rank of the in-process group did not reach a collective call within {Patience}.");
        }
    }
}
