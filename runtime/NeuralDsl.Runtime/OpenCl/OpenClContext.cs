using System.Text;
using NeuralDsl.OpenCl.Native;

namespace NeuralDsl.OpenCl;

/// <summary>
/// An OpenCL context on one device with one in-order command queue, a factory for buffers and a cache of built
/// programs. Kernel launches are asynchronous; reads (<see cref="OpenClBuffer{T}.Read"/>) block, and since the
/// queue is in order they see every earlier launch. Not thread-safe except for <see cref="GetProgram"/>.
/// </summary>
public sealed unsafe class OpenClContext : IDisposable
{
    /// <summary>The options <see cref="GetProgram"/> uses when none are given: OpenCL C 1.2, which every
    /// current driver compiles.</summary>
    public const string DefaultBuildOptions = "-cl-std=CL1.2";

    private readonly ClContextHandle _context;
    private readonly ClQueueHandle _queue;
    private readonly Lock _programGate = new();
    private readonly Dictionary<(string Source, string Options), OpenClProgram> _programs = [];
    private bool _disposed;
    private long _launches, _blockingTransfers;

    /// <summary>Creates a context and an in-order queue on <paramref name="device"/>.</summary>
    public OpenClContext(OpenClDeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        ClLibrary.EnsureRegistered();
        DeviceInfo = device;
        ProductTuning = ProductTuning.For(device);
        int status;
        nint id = device.DeviceId;
        nint context = Cl.clCreateContext(null, 1, &id, 0, 0, &status);
        OpenClErrors.Check(status, "clCreateContext");
        _context = new ClContextHandle(context);
        try
        {
            _queue = new ClQueueHandle(CreateQueue(context, id, device.PlatformVersion));
        }
        catch
        {
            _context.Dispose();
            throw;
        }
    }

    /// <summary>The device this context runs on.</summary>
    public OpenClDeviceInfo DeviceInfo { get; }

    /// <summary>How models' product kernels tile their work on this device (<see cref="ProductTuning.For"/>).</summary>
    public ProductTuning ProductTuning { get; }

    /// <summary>Programs the cache holds.</summary>
    public int CachedProgramCount
    {
        get
        {
            lock (_programGate) return _programs.Count;
        }
    }

    /// <summary>Kernels enqueued so far (a count for tests and benchmarks: launches per training step).</summary>
    internal long Launches => Interlocked.Read(ref _launches);

    /// <summary>Blocking reads and writes so far, each of which waits for the queue (a count for tests: a silent Fit's
    /// steps must make none).</summary>
    internal long BlockingTransfers => Interlocked.Read(ref _blockingTransfers);

    /// <summary>Counts a blocking transfer (<see cref="OpenClBuffer{T}"/>'s reads and writes).</summary>
    internal void CountBlockingTransfer() => Interlocked.Increment(ref _blockingTransfers);

    internal nint ContextHandle => _context.Value;
    internal nint QueueHandle => _queue.Value;

    private static nint CreateQueue(nint context, nint device, string platformVersion)
    {
        int status;
        nint queue;
        // OpenCL 1.x platforms have no clCreateCommandQueueWithProperties (the ICD loader may still export it).
        if (!platformVersion.StartsWith("OpenCL 1.", StringComparison.Ordinal))
        {
            try
            {
                queue = Cl.clCreateCommandQueueWithProperties(context, device, null, &status);
                OpenClErrors.Check(status, "clCreateCommandQueueWithProperties");
                return queue;
            }
            catch (EntryPointNotFoundException)
            {
                // An old loader: fall through to the 1.x entry point.
            }
        }
        queue = Cl.clCreateCommandQueue(context, device, 0, &status);
        OpenClErrors.Check(status, "clCreateCommandQueue");
        return queue;
    }

    /// <summary>A read-write device buffer of <paramref name="length"/> elements (uninitialised).</summary>
    public OpenClBuffer<T> CreateBuffer<T>(int length) where T : unmanaged => new(this, length);

    /// <summary>A device buffer holding a copy of <paramref name="data"/>.</summary>
    public OpenClBuffer<T> CreateBuffer<T>(ReadOnlySpan<T> data) where T : unmanaged
    {
        var buffer = new OpenClBuffer<T>(this, data.Length);
        buffer.Write(data);
        return buffer;
    }

    /// <summary>
    /// Builds <paramref name="source"/> with <paramref name="options"/> (default <see cref="DefaultBuildOptions"/>)
    /// into a new program the caller owns. A failed build throws <see cref="OpenClException"/> whose message and
    /// <see cref="OpenClException.BuildLog"/> hold the compiler's log.
    /// </summary>
    public OpenClProgram BuildProgram(string source, string? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= DefaultBuildOptions;
        byte[] sourceBytes = Encoding.UTF8.GetBytes(source);
        nuint length = (nuint)sourceBytes.Length;
        int status;
        nint program;
        fixed (byte* s = sourceBytes)
        {
            byte* strings = s;
            program = Cl.clCreateProgramWithSource(_context.Value, 1, &strings, &length, &status);
        }
        OpenClErrors.Check(status, "clCreateProgramWithSource");
        var handle = new ClProgramHandle(program);
        try
        {
            nint device = DeviceInfo.DeviceId;
            byte[] optionBytes = Encoding.UTF8.GetBytes(options + "\0");
            fixed (byte* o = optionBytes)
                status = Cl.clBuildProgram(program, 1, &device, o, 0, 0);
            string log = BuildLog(program, device);
            if (status != ClConstants.Success)
                throw new OpenClException("clBuildProgram", status, log);
            GC.KeepAlive(_context);
            return new OpenClProgram(this, handle, source, options, log);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The program built from <paramref name="source"/> with <paramref name="options"/>, built on first
    /// use and then shared; the context owns it (do not dispose it). Thread-safe.</summary>
    public OpenClProgram GetProgram(string source, string? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        options ??= DefaultBuildOptions;
        lock (_programGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_programs.TryGetValue((source, options), out var cached)) return cached;
            var program = BuildProgram(source, options);
            program.IsCached = true;
            _programs.Add((source, options), program);
            return program;
        }
    }

    private static string BuildLog(nint program, nint device)
    {
        nuint size = 0;
        if (Cl.clGetProgramBuildInfo(program, device, ClConstants.ProgramBuildLog, 0, null, &size) != ClConstants.Success || size == 0)
            return "";
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
            if (Cl.clGetProgramBuildInfo(program, device, ClConstants.ProgramBuildLog, size, b, null) != ClConstants.Success)
                return "";
        return OpenClPlatforms.Decode(bytes);
    }

    /// <summary>Enqueues <paramref name="kernel"/> over a 1-D range of <paramref name="globalSize"/> work-items.
    /// With <paramref name="localSize"/> the range is rounded up to a multiple of it, so the kernel must bound-check.</summary>
    public void Launch1D(OpenClKernel kernel, int globalSize, int localSize = 0)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(globalSize);
        ArgumentOutOfRangeException.ThrowIfNegative(localSize);
        nuint global = (nuint)RoundUp(globalSize, localSize), local = (nuint)localSize;
        Enqueue(kernel, 1, &global, localSize > 0 ? &local : null);
    }

    /// <summary>Enqueues <paramref name="kernel"/> over a 2-D range (dimension 0 = <paramref name="globalX"/>), each
    /// rounded up to a multiple of its local size when local sizes are given (both or neither).</summary>
    public void Launch2D(OpenClKernel kernel, int globalX, int globalY, int localX = 0, int localY = 0)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(globalX);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(globalY);
        ArgumentOutOfRangeException.ThrowIfNegative(localX);
        ArgumentOutOfRangeException.ThrowIfNegative(localY);
        if ((localX == 0) != (localY == 0))
            throw new ArgumentException($"Give both local sizes or neither (got {localX} × {localY}).", nameof(localY));
        nuint* global = stackalloc nuint[2] { (nuint)RoundUp(globalX, localX), (nuint)RoundUp(globalY, localY) };
        nuint* local = stackalloc nuint[2] { (nuint)localX, (nuint)localY };
        Enqueue(kernel, 2, global, localX > 0 ? local : null);
    }

    private void Enqueue(OpenClKernel kernel, uint dimensions, nuint* global, nuint* local)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (kernel.Program.Context != this)
            throw new ArgumentException($"Kernel '{kernel.Name}' belongs to another OpenCL context.", nameof(kernel));
        int status = Cl.clEnqueueNDRangeKernel(_queue.Value, kernel.Handle, dimensions, null, global, local, 0, null, null);
        GC.KeepAlive(kernel);
        Interlocked.Increment(ref _launches);
        if (status != ClConstants.Success)
            throw OpenClException.Failed("clEnqueueNDRangeKernel", status, $"launching kernel '{kernel.Name}'.");
    }

    private static long RoundUp(int size, int multiple) => multiple <= 0 ? size : (size + (long)multiple - 1) / multiple * multiple;

    /// <summary>Blocks until every enqueued command has finished.</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        OpenClErrors.Check(Cl.clFinish(_queue.Value), "clFinish");
    }

    /// <summary>Finishes the queue and releases the cached programs, the queue and the context.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        lock (_programGate)
        {
            _disposed = true;
            if (!_queue.IsClosed) Cl.clFinish(_queue.DangerousGetHandle());
            foreach (var program in _programs.Values) program.ReleaseFromCache();
            _programs.Clear();
        }
        _queue.Dispose();
        _context.Dispose();
    }

    public override string ToString() => "OpenCL context on " + DeviceInfo;
}
