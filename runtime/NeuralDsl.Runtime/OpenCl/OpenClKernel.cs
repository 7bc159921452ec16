using NeuralDsl.OpenCl.Native;

namespace NeuralDsl.OpenCl;

/// <summary>
/// One kernel of a program with its arguments. Arguments persist between launches, so set only those that
/// change; a kernel object is not thread-safe. Launch it with <see cref="OpenClContext.Launch1D"/> or <see cref="OpenClContext.Launch2D"/>.
/// </summary>
public sealed unsafe class OpenClKernel : IDisposable
{
    private readonly ClKernelHandle _handle;

    internal OpenClKernel(OpenClProgram program, ClKernelHandle handle, string name)
    {
        Program = program;
        _handle = handle;
        Name = name;
    }

    public OpenClProgram Program { get; }

    /// <summary>The kernel function's name.</summary>
    public string Name { get; }

    internal nint Handle => _handle.Value;

    /// <summary>Binds <paramref name="buffer"/> to the <c>__global</c> pointer argument <paramref name="index"/>.</summary>
    public OpenClKernel SetArgument<T>(int index, OpenClBuffer<T> buffer) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Context != Program.Context)
            throw new ArgumentException($"The buffer for argument {index} of kernel '{Name}' belongs to another OpenCL context.", nameof(buffer));
        nint mem = buffer.Handle;
        Set(index, (nuint)sizeof(nint), &mem);
        GC.KeepAlive(buffer);
        return this;
    }

    /// <summary>Sets the <c>int</c> argument <paramref name="index"/>.</summary>
    public OpenClKernel SetArgument(int index, int value)
    {
        Set(index, sizeof(int), &value);
        return this;
    }

    /// <summary>Sets the <c>float</c> argument <paramref name="index"/>.</summary>
    public OpenClKernel SetArgument(int index, float value)
    {
        Set(index, sizeof(float), &value);
        return this;
    }

    private void Set(int index, nuint size, void* value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        int status = Cl.clSetKernelArg(_handle.Value, (uint)index, size, value);
        GC.KeepAlive(this);
        if (status != ClConstants.Success)
            throw OpenClException.Failed("clSetKernelArg", status, $"setting argument {index} ({size} bytes) of kernel '{Name}'.");
    }

    public void Dispose() => _handle.Dispose();

    public override string ToString() => "OpenCL kernel " + Name;
}
