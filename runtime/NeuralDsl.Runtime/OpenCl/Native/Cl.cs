using System.Runtime.InteropServices;

namespace NeuralDsl.OpenCl.Native;

/// <summary>
/// Hand-written bindings over the few OpenCL entry points the runtime uses. Every signature is blittable
/// (handles as <see cref="nint"/>, <c>cl_int</c> as <see cref="int"/>, <c>cl_uint</c>/<c>cl_bool</c> as
/// <see cref="uint"/>, bitfields as <see cref="ulong"/>, <c>size_t</c> as <see cref="nuint"/>), so the
/// source generator emits direct calls with no marshalling. The library name is resolved by
/// <see cref="ClLibrary"/>: on Linux <c>libOpenCL.so.1</c>, which the ICD loader package ships on its own.
/// </summary>
internal static unsafe partial class Cl
{
    internal const string Library = "OpenCL";

    [LibraryImport(Library)]
    internal static partial int clGetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);

    [LibraryImport(Library)]
    internal static partial int clGetPlatformInfo(nint platform, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    internal static partial int clGetDeviceIDs(nint platform, ulong deviceType, uint numEntries, nint* devices, uint* numDevices);

    [LibraryImport(Library)]
    internal static partial int clGetDeviceInfo(nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    internal static partial nint clCreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, int* errcodeRet);

    [LibraryImport(Library)]
    internal static partial nint clCreateCommandQueueWithProperties(nint context, nint device, ulong* properties, int* errcodeRet);

    /// <summary>OpenCL 1.x queue creation, used only where the platform predates 2.0.</summary>
    [LibraryImport(Library)]
    internal static partial nint clCreateCommandQueue(nint context, nint device, ulong properties, int* errcodeRet);

    [LibraryImport(Library)]
    internal static partial nint clCreateBuffer(nint context, ulong flags, nuint size, void* hostPtr, int* errcodeRet);

    [LibraryImport(Library)]
    internal static partial int clEnqueueWriteBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* ptr,
        uint numEventsInWaitList, nint* eventWaitList, nint* evt);

    [LibraryImport(Library)]
    internal static partial int clEnqueueReadBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* ptr,
        uint numEventsInWaitList, nint* eventWaitList, nint* evt);

    [LibraryImport(Library)]
    internal static partial int clEnqueueFillBuffer(nint queue, nint buffer, void* pattern, nuint patternSize, nuint offset, nuint size,
        uint numEventsInWaitList, nint* eventWaitList, nint* evt);

    [LibraryImport(Library)]
    internal static partial nint clCreateProgramWithSource(nint context, uint count, byte** strings, nuint* lengths, int* errcodeRet);

    [LibraryImport(Library)]
    internal static partial int clBuildProgram(nint program, uint numDevices, nint* devices, byte* options, nint notify, nint userData);

    [LibraryImport(Library)]
    internal static partial int clGetProgramBuildInfo(nint program, nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeRet);

    [LibraryImport(Library)]
    internal static partial nint clCreateKernel(nint program, byte* kernelName, int* errcodeRet);

    [LibraryImport(Library)]
    internal static partial int clSetKernelArg(nint kernel, uint argIndex, nuint argSize, void* argValue);

    [LibraryImport(Library)]
    internal static partial int clEnqueueNDRangeKernel(nint queue, nint kernel, uint workDim, nuint* globalWorkOffset, nuint* globalWorkSize,
        nuint* localWorkSize, uint numEventsInWaitList, nint* eventWaitList, nint* evt);

    [LibraryImport(Library)]
    internal static partial int clFinish(nint queue);

    [LibraryImport(Library)]
    internal static partial int clReleaseContext(nint context);

    [LibraryImport(Library)]
    internal static partial int clReleaseCommandQueue(nint queue);

    [LibraryImport(Library)]
    internal static partial int clReleaseMemObject(nint memObject);

    [LibraryImport(Library)]
    internal static partial int clReleaseProgram(nint program);

    [LibraryImport(Library)]
    internal static partial int clReleaseKernel(nint kernel);
}
