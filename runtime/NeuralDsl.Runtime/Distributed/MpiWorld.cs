using System.Diagnostics;
using NeuralDsl.Distributed;
using NeuralDsl.Distributed.Native;

namespace NeuralDsl;

/// <summary>
/// The processes <c>mpirun</c> started (MPI's <c>MPI_COMM_WORLD</c>), for data-parallel training:
/// <c>using var world = MpiWorld.Initialize();</c> then <c>new FitOptions { DataParallel = world }</c>. A program not
/// started by an MPI launcher gets a world of one process that makes no MPI call, so the same program runs alone too.
/// </summary>
/// <remarks>
/// Errors of MPI calls come back as return codes (the world's error handler is <c>MPI_ERRORS_RETURN</c>) and are thrown
/// as <see cref="MpiException"/> naming the call. An exception nobody catches, on any rank, aborts the whole job with its
/// message (<c>MPI_Abort</c>), since the other ranks would otherwise wait in their next collective call forever. MPI is
/// initialised for calls from any thread, one at a time; this class serialises its own calls.
/// </remarks>
public sealed class MpiWorld : IDataParallelGroup, IDisposable
{
    private static readonly Lock Active = new();
    private static MpiWorld? s_active;

    private readonly MpiHandles _handles;
    private readonly bool _usesMpi;
    private readonly Lock _calls = new();
    private bool _disposed;
    private long _allReduceTicks, _allReduceCount;

    private MpiWorld(MpiHandles handles, bool usesMpi, int rank, int size)
    {
        _handles = handles;
        _usesMpi = usesMpi;
        Rank = rank;
        Size = size;
    }

    /// <summary>
    /// Initialises MPI (<c>MPI_Init_thread</c>) when the process was started by <c>mpirun</c> (or another launcher: the
    /// environment holds <c>OMPI_COMM_WORLD_SIZE</c>, <c>PMI_SIZE</c> or <c>PMIX_RANK</c>), else returns a world of one
    /// process that calls no MPI function. Dispose it at the end of the program (<c>MPI_Finalize</c>).
    /// </summary>
    /// <exception cref="MpiException">Started by a launcher, but no Open MPI library is installed (the message says what to
    /// install), or initialisation failed.</exception>
    /// <exception cref="InvalidOperationException">MPI is already initialised in this process (one world per process), or
    /// was finalised (MPI cannot start twice).</exception>
    public static MpiWorld Initialize()
    {
        if (!MpiLaunch.IsStartedByLauncher(Environment.GetEnvironmentVariable)) return new MpiWorld(default, usesMpi: false, rank: 0, size: 1);
        lock (Active)
        {
            if (s_active is not null)
                throw new InvalidOperationException("MPI is already initialised by an MpiWorld that is not disposed; use that one (one world per process).");
            var handles = MpiLibrary.Load();
            var world = Start(handles);
            s_active = world;
            // Before any finally block runs: an exception no one catches must end every rank, not only this one.
            AppDomain.CurrentDomain.UnhandledException += world.AbortOnUnhandled;
            return world;
        }
    }

    private static unsafe MpiWorld Start(MpiHandles handles)
    {
        int flag = 0;
        MpiLibrary.Check(Mpi.MPI_Finalized(&flag), "MPI_Finalized");
        if (flag != 0) throw new InvalidOperationException("MPI was finalised in this process (an MpiWorld was disposed); MPI cannot be initialised twice.");
        MpiLibrary.Check(Mpi.MPI_Initialized(&flag), "MPI_Initialized");
        if (flag != 0) throw new InvalidOperationException("MPI is already initialised in this process by other code; MpiWorld must initialise it itself.");
        int provided = 0;
        MpiLibrary.Check(Mpi.MPI_Init_thread(null, null, Mpi.ThreadSerialized, &provided), "MPI_Init_thread");
        if (provided < Mpi.ThreadSerialized)
        {
            Mpi.MPI_Finalize();
            throw new MpiException($"MPI_Init_thread provided thread level {provided}, below MPI_THREAD_SERIALIZED ({Mpi.ThreadSerialized}), which Fit needs (it may run on any thread).");
        }
        MpiLibrary.Check(Mpi.MPI_Comm_set_errhandler(handles.CommWorld, handles.ErrorsReturn), "MPI_Comm_set_errhandler");
        int rank = 0, size = 0;
        MpiLibrary.Check(Mpi.MPI_Comm_rank(handles.CommWorld, &rank), "MPI_Comm_rank");
        MpiLibrary.Check(Mpi.MPI_Comm_size(handles.CommWorld, &size), "MPI_Comm_size");
        return new MpiWorld(handles, usesMpi: true, rank, size);
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int Size { get; }

    /// <summary>Whether this is rank 0, which prints progress and writes files.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>Whether this world runs on MPI (false for the one-process world of a program not started by mpirun).</summary>
    public bool UsesMpi => _usesMpi;

    /// <summary>Time spent in this world's all-reduce calls so far (waiting for the slowest rank included): with
    /// <see cref="AllReduceCount"/>, what the data-parallel steps cost in communication.</summary>
    public TimeSpan AllReduceTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _allReduceTicks));

    /// <summary>All-reduce calls made so far (Fit makes one per training step, and a few per epoch).</summary>
    public long AllReduceCount => Interlocked.Read(ref _allReduceCount);

    /// <summary>The first row and the row count of this rank's share of <paramref name="rows"/> rows: contiguous, rank r
    /// taking rows ⌊rows·r/Size⌋ up to ⌊rows·(r+1)/Size⌋, so the shares of all ranks cover every row once.</summary>
    public (int Start, int Count) Shard(int rows) => RowShare.Of(rows, Rank, Size);

    /// <summary>This rank's share of <paramref name="values"/>, rows of <paramref name="width"/> values each (see
    /// <see cref="Shard(int)"/>), without copying: e.g. to evaluate or predict on a slice per rank.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is not a whole number of rows.</exception>
    public ReadOnlySpan<T> Shard<T>(ReadOnlySpan<T> values, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (values.Length % width != 0)
            throw new ArgumentException($"{values.Length} values are not a whole number of rows of {width}.", nameof(values));
        var (start, count) = Shard(values.Length / width);
        return values.Slice(start * width, count * width);
    }

    /// <summary>This rank's share of the rows of <paramref name="data"/> (features and labels), as a copy.</summary>
    public LabeledData Shard(LabeledData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (start, count) = Shard(data.Rows);
        return data.Take(start, count);
    }

    /// <summary>This rank's share of the rows of <paramref name="x"/> and their <paramref name="labels"/>, as copies.</summary>
    /// <exception cref="ArgumentException"><paramref name="x"/> does not hold one whole row per label.</exception>
    public (float[] X, int[] Labels) Shard(float[] x, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length == 0 || x.Length % labels.Length != 0)
            throw new ArgumentException($"x holds {x.Length} values, which is not a whole row for each of the {labels.Length} labels.", nameof(x));
        int width = x.Length / labels.Length;
        var (start, count) = Shard(labels.Length);
        return (x.AsSpan(start * width, count * width).ToArray(), labels.AsSpan(start, count).ToArray());
    }

    /// <summary>This rank's item of data already split per rank (e.g. one file per rank): <c>perRank[Rank]</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="perRank"/> does not hold exactly one item per rank.</exception>
    public T Shard<T>(IReadOnlyList<T> perRank)
    {
        ArgumentNullException.ThrowIfNull(perRank);
        if (perRank.Count != Size)
            throw new ArgumentException($"The data is split into {perRank.Count} parts, but the world has {Size} ranks; give one part per rank.", nameof(perRank));
        return perRank[Rank];
    }

    /// <inheritdoc/>
    public unsafe void AllReduceSum(Span<float> values)
    {
        fixed (float* p = values) AllReduce(p, values.Length, _handles.Float, _handles.Sum);
    }

    /// <inheritdoc/>
    public unsafe void AllReduceSum(Span<double> values)
    {
        fixed (double* p = values) AllReduce(p, values.Length, _handles.Double, _handles.Sum);
    }

    /// <inheritdoc/>
    public unsafe void AllReduceMax(Span<double> values)
    {
        fixed (double* p = values) AllReduce(p, values.Length, _handles.Double, _handles.Max);
    }

    private unsafe void AllReduce(void* values, int count, nint datatype, nint operation)
    {
        if (!Enter()) return;
        try
        {
            long start = Stopwatch.GetTimestamp();
            MpiLibrary.Check(Mpi.MPI_Allreduce((void*)_handles.InPlace, values, count, datatype, operation, _handles.CommWorld), "MPI_Allreduce");
            Interlocked.Add(ref _allReduceTicks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _allReduceCount);
        }
        finally
        {
            _calls.Exit();
        }
    }

    /// <inheritdoc/>
    public unsafe void Broadcast(Span<float> values)
    {
        fixed (float* p = values) Broadcast(p, values.Length, _handles.Float);
    }

    /// <inheritdoc/>
    public unsafe void Broadcast(Span<int> values)
    {
        fixed (int* p = values) Broadcast(p, values.Length, _handles.Int);
    }

    private unsafe void Broadcast(void* values, int count, nint datatype)
    {
        if (!Enter()) return;
        try
        {
            MpiLibrary.Check(Mpi.MPI_Bcast(values, count, datatype, 0, _handles.CommWorld), "MPI_Bcast");
        }
        finally
        {
            _calls.Exit();
        }
    }

    /// <summary>Waits until every rank has called it (<c>MPI_Barrier</c>).</summary>
    public void Barrier()
    {
        if (!Enter()) return;
        try
        {
            MpiLibrary.Check(Mpi.MPI_Barrier(_handles.CommWorld), "MPI_Barrier");
        }
        finally
        {
            _calls.Exit();
        }
    }

    /// <summary>Takes the call lock for an MPI call; false for the one-process world, where a collective changes nothing.</summary>
    private bool Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_usesMpi) return false;
        _calls.Enter();
        return true;
    }

    /// <summary>Writes "rank R of N: <paramref name="message"/>" to standard error and ends every rank of the job
    /// (<c>MPI_Abort</c>, exit code 1); in a one-process world, ends this process with exit code 1.</summary>
    public void Abort(string message)
    {
        try
        {
            Console.Error.WriteLine($"NeuralDsl: rank {Rank} of {Size}: {message}");
            Console.Error.Flush();
            Console.Out.Flush();
        }
        finally
        {
            // Even when the message cannot be written (a closed pipe): an exception in Fit's exception filter counts as
            // "do not abort" there, and the other ranks would wait on. Not under the call lock: the thread that holds it
            // may be the one blocked in a collective.
            if (_usesMpi && !_disposed) Mpi.MPI_Abort(_handles.CommWorld, 1);
            Environment.Exit(1);
        }
    }

    private void AbortOnUnhandled(object? sender, UnhandledExceptionEventArgs e) =>
        Abort("unhandled exception, aborting the job: " + e.ExceptionObject);

    /// <summary>Ends MPI (<c>MPI_Finalize</c>, collective: every rank must reach it); a one-process world has nothing to end.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_usesMpi) return;
        AppDomain.CurrentDomain.UnhandledException -= AbortOnUnhandled;
        lock (_calls) MpiLibrary.Check(Mpi.MPI_Finalize(), "MPI_Finalize");
        lock (Active) s_active = null;
    }
}
