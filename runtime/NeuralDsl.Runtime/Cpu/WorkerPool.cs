using System.Runtime.ExceptionServices;

namespace NeuralDsl.Cpu;

/// <summary>A kernel's work split into parts; part <c>p</c> of <c>parts</c> must not depend on the others.</summary>
internal interface IParallelJob
{
    void Run(int part, int parts);
}

/// <summary>
/// Runs the parts of a struct job at once: part 0 on the calling thread, the others on long-lived worker
/// threads. Unlike <c>Parallel.For</c>, whose closure and task state allocate on every call (so on every
/// batch), a call allocates nothing once the workers exist. Kernels give each output value to exactly one
/// part, computed in a fixed order, so results do not depend on the thread count. One job runs at a time;
/// a caller that finds the pool busy (another model training on another thread, or a part of the job in flight starting
/// a job of its own) runs its parts itself.
/// </summary>
internal static class WorkerPool
{
    private static readonly object Gate = new();
    private static readonly CountdownEvent Done = new(0);
    private static Worker[] _workers = [];

    public static void Run<TJob>(ref TJob job, int parts) where TJob : struct, IParallelJob
    {
        // A part that runs a job of its own (a row range of Predict running a product) runs it itself: the workers are busy
        // with the outer job, and the monitor, which lets its owner in again, must not.
        if (parts <= 1 || Monitor.IsEntered(Gate) || !Monitor.TryEnter(Gate))
        {
            for (int part = 0; part < Math.Max(parts, 1); part++) job.Run(part, parts);
            return;
        }
        try
        {
            EnsureWorkers(parts - 1);
            Slot<TJob>.Job = job;
            Done.Reset(parts - 1);
            for (int w = 0; w < parts - 1; w++) _workers[w].Start(Slot<TJob>.Execute, w + 1, parts);
            try
            {
                job.Run(0, parts);
            }
            finally
            {
                // The workers read memory the caller has pinned: never return before they finish.
                Done.Wait();
                Slot<TJob>.Job = default;
            }
            for (int w = 0; w < parts - 1; w++) _workers[w].ThrowIfFailed();
        }
        finally
        {
            Monitor.Exit(Gate);
        }
    }

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of <paramref name="count"/> items: consecutive
    /// ranges as equal as whole items allow, the same for any job.</summary>
    public static (int From, int To) PartRange(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    /// <summary>Bytes the worker threads have allocated, as of the end of their last part: with the calling thread's own
    /// count (<see cref="GC.GetAllocatedBytesForCurrentThread"/>), all that a kernel allocated, whatever other threads of the
    /// process do (tests check that a training step allocates nothing).</summary>
    internal static long AllocatedBytes
    {
        get
        {
            long sum = 0;
            foreach (var worker in Volatile.Read(ref _workers)) sum += worker.AllocatedBytes;
            return sum;
        }
    }

    private static void EnsureWorkers(int count)
    {
        if (_workers.Length >= count) return;
        var workers = new Worker[count];
        _workers.CopyTo(workers, 0);
        for (int w = _workers.Length; w < count; w++) workers[w] = new Worker(w + 1);
        _workers = workers;
    }

    /// <summary>The job of type <typeparamref name="TJob"/> in flight, and one cached delegate that runs a part of it.</summary>
    private static class Slot<TJob> where TJob : struct, IParallelJob
    {
        public static TJob Job;
        public static readonly Action<int, int> Execute = static (part, parts) => Job.Run(part, parts);
    }

    private sealed class Worker
    {
        private readonly ManualResetEventSlim _start = new(false);
        private Action<int, int>? _work;
        private int _part, _parts;
        private ExceptionDispatchInfo? _error;
        private long _allocated;

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"NeuralDsl worker {index}" };
            thread.Start();
        }

        public void Start(Action<int, int> work, int part, int parts)
        {
            _work = work;
            _part = part;
            _parts = parts;
            _error = null;
            _start.Set();
        }

        public void ThrowIfFailed() => _error?.Throw();

        public long AllocatedBytes => Volatile.Read(ref _allocated);

        private void Loop()
        {
            while (true)
            {
                _start.Wait();
                _start.Reset();
                try
                {
                    _work!(_part, _parts);
                }
                catch (Exception e)
                {
                    _error = ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    Volatile.Write(ref _allocated, GC.GetAllocatedBytesForCurrentThread());
                    Done.Signal();
                }
            }
        }
    }
}
