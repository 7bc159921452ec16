using Microsoft.Win32.SafeHandles;

namespace NeuralDsl.OpenCl.Native;

/// <summary>An OpenCL object reference, released exactly once by the matching <c>clRelease*</c>.</summary>
internal abstract class ClHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    protected ClHandle(nint handle) : base(ownsHandle: true) => SetHandle(handle);

    /// <summary>The raw handle for a native call; the owner keeps this object alive across the call.</summary>
    public nint Value
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }
}

internal sealed class ClContextHandle(nint handle) : ClHandle(handle)
{
    protected override bool ReleaseHandle() => Cl.clReleaseContext(handle) == ClConstants.Success;
}

internal sealed class ClQueueHandle(nint handle) : ClHandle(handle)
{
    protected override bool ReleaseHandle() => Cl.clReleaseCommandQueue(handle) == ClConstants.Success;
}

internal sealed class ClMemHandle(nint handle) : ClHandle(handle)
{
    protected override bool ReleaseHandle() => Cl.clReleaseMemObject(handle) == ClConstants.Success;
}

internal sealed class ClProgramHandle(nint handle) : ClHandle(handle)
{
    protected override bool ReleaseHandle() => Cl.clReleaseProgram(handle) == ClConstants.Success;
}

internal sealed class ClKernelHandle(nint handle) : ClHandle(handle)
{
    protected override bool ReleaseHandle() => Cl.clReleaseKernel(handle) == ClConstants.Success;
}
