using NeuralDsl.OpenCl.Native;

namespace NeuralDsl.OpenCl;

/// <summary>
/// A read-write device buffer of <see cref="Length"/> elements of <typeparamref name="T"/> (float or int for the
/// kernels here). <see cref="Write"/> and <see cref="Read"/> copy spans synchronously.
/// </summary>
public sealed unsafe class OpenClBuffer<T> : IDisposable where T : unmanaged
{
    private readonly ClMemHandle _handle;

    internal OpenClBuffer(OpenClContext context, int length)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (length <= 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A device buffer needs at least one element (got {length}).");
        long bytes = (long)length * sizeof(T);
        if (bytes > context.DeviceInfo.MaxAllocationBytes && context.DeviceInfo.MaxAllocationBytes > 0)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"{length} {ElementName} ({bytes} bytes) exceed the device's largest allocation of {context.DeviceInfo.MaxAllocationBytes} bytes.");
        Context = context;
        Length = length;
        int status;
        nint mem = Cl.clCreateBuffer(context.ContextHandle, ClConstants.MemReadWrite, (nuint)bytes, null, &status);
        if (status != ClConstants.Success)
            throw OpenClException.Failed("clCreateBuffer", status, $"allocating {length} {ElementName} ({bytes} bytes).");
        _handle = new ClMemHandle(mem);
    }

    /// <summary>The context the buffer lives in.</summary>
    public OpenClContext Context { get; }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>Size in bytes.</summary>
    public long ByteLength => (long)Length * sizeof(T);

    internal nint Handle => _handle.Value;

    private static string ElementName =>
        typeof(T) == typeof(float) ? "floats" : typeof(T) == typeof(int) ? "ints" : typeof(T).Name + " elements";

    /// <summary>Copies <paramref name="source"/> into the buffer starting at element <paramref name="offset"/>.</summary>
    public void Write(ReadOnlySpan<T> source, int offset = 0)
    {
        CheckRange(source.Length, offset, "write", "into", nameof(source));
        if (source.IsEmpty) return;
        int status;
        Context.CountBlockingTransfer();
        fixed (T* p = source)
            status = Cl.clEnqueueWriteBuffer(Context.QueueHandle, _handle.Value, ClConstants.True, (nuint)((long)offset * sizeof(T)),
                (nuint)((long)source.Length * sizeof(T)), p, 0, null, null);
        GC.KeepAlive(this);
        if (status != ClConstants.Success)
            throw OpenClException.Failed("clEnqueueWriteBuffer", status, $"writing {source.Length} {ElementName} at {offset} into a buffer of {Length}.");
    }

    /// <summary>Copies buffer elements from <paramref name="offset"/> on into <paramref name="destination"/>, after
    /// every earlier command of the queue has run.</summary>
    public void Read(Span<T> destination, int offset = 0)
    {
        CheckRange(destination.Length, offset, "read", "from", nameof(destination));
        if (destination.IsEmpty) return;
        int status;
        Context.CountBlockingTransfer();
        fixed (T* p = destination)
            status = Cl.clEnqueueReadBuffer(Context.QueueHandle, _handle.Value, ClConstants.True, (nuint)((long)offset * sizeof(T)),
                (nuint)((long)destination.Length * sizeof(T)), p, 0, null, null);
        GC.KeepAlive(this);
        if (status != ClConstants.Success)
            throw OpenClException.Failed("clEnqueueReadBuffer", status, $"reading {destination.Length} {ElementName} at {offset} from a buffer of {Length}.");
    }

    /// <summary>The whole buffer as a new array.</summary>
    public T[] ToArray()
    {
        var result = new T[Length];
        Read(result);
        return result;
    }

    /// <summary>Enqueues setting every element to <paramref name="value"/> (asynchronous, ordered with launches).</summary>
    public void Fill(T value) => Fill(value, 0, Length);

    /// <summary>Enqueues setting <paramref name="count"/> elements from <paramref name="offset"/> to <paramref name="value"/>.</summary>
    public void Fill(T value, int offset, int count)
    {
        CheckRange(count, offset, "fill", "in", nameof(count));
        if (count == 0) return;
        int status = Cl.clEnqueueFillBuffer(Context.QueueHandle, _handle.Value, &value, (nuint)sizeof(T), (nuint)offset * (nuint)sizeof(T),
            (nuint)count * (nuint)sizeof(T), 0, null, null);
        GC.KeepAlive(this);
        if (status != ClConstants.Success)
            throw OpenClException.Failed("clEnqueueFillBuffer", status, $"filling {count} of the {Length} {ElementName} of a buffer.");
    }

    private void CheckRange(int count, int offset, string verb, string preposition, string name)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (offset < 0 || offset > Length)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Offset {offset} is outside the buffer of {Length} {ElementName}.");
        if (count > Length - offset)
            throw new ArgumentException(
                $"Cannot {verb} {count} {ElementName} {preposition} a device buffer of {Length} {ElementName}" +
                (offset > 0 ? $" at offset {offset} ({Length - offset} left)." : "."), name);
    }

    public void Dispose() => _handle.Dispose();

    public override string ToString() => $"OpenClBuffer<{typeof(T).Name}>[{Length}]";
}
