using System.Runtime.InteropServices;

namespace NeuralDsl;

/// <summary>
/// Who may use one model at a time. Calls that only read the weights (Predict, PredictClasses, Evaluate, Save) enter
/// <em>shared</em>: any number of threads at once, each running passes of its own. Calls that change the weights, the
/// workspace the passes train in or the backend (Fit, LoadWeights, UseDevice, the gradient methods) enter
/// <em>exclusive</em>: they wait for the shared calls in flight to end, and calls that arrive meanwhile wait for them.
/// <para>
/// Waiting is safe, and short, where the call waited for runs no user code: it cannot end up waiting for the waiter.
/// Fit runs callbacks, and lasts as long as it trains, so a call from another thread that finds Fit running (or about
/// to run) throws an <see cref="InvalidOperationException"/> naming it instead of waiting: a callback that waits for a
/// thread that predicts would otherwise never return. The thread that holds the exclusive entry may enter again,
/// shared or exclusive: Fit's callbacks evaluate, save, load weights and may even fit.
/// </para>
/// </summary>
internal sealed class ModelGate
{
    private const int NoThread = 0;

    private readonly object _lock = new();
    private readonly string _model;
    // Shared calls in flight per operation; the keys are a handful of nameof strings, kept at zero once added, so entering
    // allocates nothing after a model's first call of each kind.
    private readonly Dictionary<string, int> _shared = new(StringComparer.Ordinal);
    private int _sharedCalls;
    private int _owner = NoThread;
    private string _exclusive = "";
    private bool _ownerRunsUserCode;
    private int _depth;
    private int _waiting;

    private readonly Action<bool>? _enteredInside;

    /// <param name="enteredInside">Called when the thread that holds the exclusive entry enters again (a Fit callback calling
    /// the model), with whether the call enters exclusive (changes the model), before the call runs.</param>
    public ModelGate(string model, Action<bool>? enteredInside = null)
    {
        _model = model;
        _enteredInside = enteredInside;
    }

    /// <summary>Whether this thread holds the exclusive entry: true inside Fit's callbacks, which run on Fit's thread. (Only this
    /// thread sets <see cref="_owner"/> to its own id, so the unlocked read cannot see it wrongly.)</summary>
    public bool IsHeldByCurrentThread => Volatile.Read(ref _owner) == Environment.CurrentManagedThreadId;

    /// <summary>The operation holding the exclusive entry (read on the thread that holds it, see <see cref="IsHeldByCurrentThread"/>).</summary>
    public string ExclusiveOperation => _exclusive;

    /// <summary>Calls waiting to enter (for tests, which wait for a call to be blocked before they release it).</summary>
    internal int Waiting
    {
        get
        {
            lock (_lock) return _waiting;
        }
    }

    /// <summary>Enters for an operation that reads the weights; dispose the result when it ends.</summary>
    public SharedEntry EnterShared(string operation)
    {
        if (IsHeldByCurrentThread)
        {
            // Inside the exclusive call of this thread (a Fit callback), which covers this one.
            _enteredInside?.Invoke(false);
            return new SharedEntry(this, null);
        }
        lock (_lock)
        {
            WaitForNoOwner(operation, "run");
            CollectionsMarshal.GetValueRefOrAddDefault(_shared, operation, out _)++;
            _sharedCalls++;
        }
        return new SharedEntry(this, operation);
    }

    /// <summary>Enters for an operation that changes the weights, the training workspace or the backend; dispose the result
    /// when it ends. <paramref name="runsUserCode"/>: the operation calls back into user code (Fit's callbacks), so other
    /// threads must not wait for it.</summary>
    public ExclusiveEntry EnterExclusive(string operation, bool runsUserCode = false)
    {
        int thread = Environment.CurrentManagedThreadId;
        if (IsHeldByCurrentThread)
        {
            _enteredInside?.Invoke(true);
            lock (_lock) _depth++;
            return new ExclusiveEntry(this);
        }
        lock (_lock)
        {
            WaitForNoOwner(operation, "start");
            // Owned from here on, so that new shared calls wait (or throw) rather than keep the shared count above zero.
            _owner = thread;
            _exclusive = operation;
            _ownerRunsUserCode = runsUserCode;
            _depth = 1;
            _waiting++;
            try
            {
                while (_sharedCalls > 0) Monitor.Wait(_lock);
            }
            catch
            {
                Release(); // interrupted while waiting: give the model back
                throw;
            }
            finally
            {
                _waiting--;
            }
        }
        return new ExclusiveEntry(this);
    }

    private void WaitForNoOwner(string operation, string verb)
    {
        while (_owner != NoThread)
        {
            if (_ownerRunsUserCode)
                throw new InvalidOperationException(
                    $"{operation} cannot {verb} on model '{_model}' while {_exclusive} is running on another thread: {_exclusive} changes the weights " +
                    $"and runs callbacks, so {operation} does not wait for it. Call {operation} after {_exclusive} returns, or on another instance " +
                    "of the model (one loaded from a checkpoint, for example).");
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

    private void ExitShared(string operation)
    {
        lock (_lock)
        {
            _shared[operation]--;
            // Pulsing only when somebody waits keeps the common case, one caller at a time, off the runtime's wait queues.
            if (--_sharedCalls == 0 && _waiting > 0) Monitor.PulseAll(_lock);
        }
    }

    private void ExitExclusive()
    {
        lock (_lock)
        {
            if (--_depth == 0) Release();
        }
    }

    private void Release()
    {
        _owner = NoThread;
        _exclusive = "";
        _ownerRunsUserCode = false;
        _depth = 0;
        if (_waiting > 0) Monitor.PulseAll(_lock);
    }

    /// <summary>A shared entry; disposing it leaves the gate (a struct, so that entering allocates nothing).</summary>
    public readonly struct SharedEntry : IDisposable
    {
        private readonly ModelGate? _gate;
        private readonly string? _operation;

        internal SharedEntry(ModelGate gate, string? operation)
        {
            _gate = gate;
            _operation = operation;
        }

        public void Dispose()
        {
            // No operation: entered inside this thread's exclusive call, which the exclusive entry already covers.
            if (_operation is not null) _gate?.ExitShared(_operation);
        }
    }

    /// <summary>An exclusive entry; disposing it leaves the gate.</summary>
    public readonly struct ExclusiveEntry : IDisposable
    {
        private readonly ModelGate? _gate;

        internal ExclusiveEntry(ModelGate gate) => _gate = gate;

        public void Dispose() => _gate?.ExitExclusive();
    }
}
