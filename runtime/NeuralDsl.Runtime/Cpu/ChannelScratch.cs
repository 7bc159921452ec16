using System.Buffers;
using System.Runtime.InteropServices;

namespace NeuralDsl.Cpu;

/// <summary>
/// Per-channel working memory for one kernel call: the caller's stack when it is small (pass
/// <c>length &lt;= StackDoubles ? stackalloc double[length] : default</c>), else an array rented from the shared pool
/// and returned on <see cref="Dispose"/>, so no call allocates once the pool is warm. Cleared on creation.
/// </summary>
internal ref struct ChannelScratch
{
    /// <summary>The most doubles taken from the stack (16 KiB).</summary>
    public const int StackDoubles = 2048;

    private double[]? _rented;

    public ChannelScratch(Span<double> stack, int length)
    {
        if (stack.Length >= length) Doubles = stack[..length];
        else
        {
            _rented = ArrayPool<double>.Shared.Rent(length);
            Doubles = _rented.AsSpan(0, length);
        }
        Doubles.Clear();
    }

    public Span<double> Doubles { get; }

    /// <summary>Doubles needed for <paramref name="doubles"/> doubles followed by <paramref name="floats"/> floats.</summary>
    public static int Length(int doubles, int floats) => doubles + (floats + 1) / 2;

    /// <summary>The <paramref name="count"/>-th run of <paramref name="length"/> doubles.</summary>
    public readonly Span<double> DoubleRun(int count, int length) => Doubles.Slice(count * length, length);

    /// <summary>The <paramref name="count"/>-th run of <paramref name="length"/> floats after the first
    /// <paramref name="doubles"/> doubles.</summary>
    public readonly Span<float> FloatRun(int doubles, int count, int length) =>
        MemoryMarshal.Cast<double, float>(Doubles[doubles..]).Slice(count * length, length);

    public void Dispose()
    {
        if (_rented is null) return;
        ArrayPool<double>.Shared.Return(_rented);
        _rented = null;
    }
}
