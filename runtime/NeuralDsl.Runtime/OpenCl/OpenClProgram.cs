using System.Text;
using NeuralDsl.OpenCl.Native;

namespace NeuralDsl.OpenCl;

/// <summary>A program built for the device of its <see cref="Context"/>; create kernels from it by name.</summary>
public sealed unsafe class OpenClProgram : IDisposable
{
    private readonly ClProgramHandle _handle;

    internal OpenClProgram(OpenClContext context, ClProgramHandle handle, string source, string options, string buildLog)
    {
        Context = context;
        _handle = handle;
        Source = source;
        Options = options;
        BuildLog = buildLog;
    }

    public OpenClContext Context { get; }

    /// <summary>The OpenCL C source it was built from.</summary>
    public string Source { get; }

    /// <summary>The build options, e.g. <c>-cl-std=CL1.2</c>.</summary>
    public string Options { get; }

    /// <summary>The compiler's log of a successful build, trimmed; empty for a clean build.</summary>
    public string BuildLog { get; }

    /// <summary>True when <see cref="BuildLog"/> mentions a warning.</summary>
    public bool HasWarnings => BuildLog.Contains("warning", StringComparison.OrdinalIgnoreCase);

    /// <summary>Owned by the context's program cache: <see cref="Dispose"/> leaves it alone.</summary>
    internal bool IsCached { get; set; }

    internal nint Handle => _handle.Value;

    /// <summary>Creates kernel <paramref name="name"/>; a name the program lacks throws <see cref="OpenClException"/>
    /// (<c>CL_INVALID_KERNEL_NAME</c>) naming it.</summary>
    public OpenClKernel CreateKernel(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        byte[] bytes = Encoding.UTF8.GetBytes(name + "\0");
        int status;
        nint kernel;
        fixed (byte* n = bytes)
            kernel = Cl.clCreateKernel(_handle.Value, n, &status);
        GC.KeepAlive(this);
        if (status != ClConstants.Success)
            throw OpenClException.Failed("clCreateKernel", status, $"creating kernel '{name}'.");
        return new OpenClKernel(this, new ClKernelHandle(kernel), name);
    }

    /// <summary>Releases the program unless the context's cache owns it.</summary>
    public void Dispose()
    {
        if (!IsCached) _handle.Dispose();
    }

    internal void ReleaseFromCache() => _handle.Dispose();
}
