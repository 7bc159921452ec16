using System.Text;
using NeuralDsl.OpenCl.Native;

namespace NeuralDsl.OpenCl;

/// <summary>Discovers every device of every OpenCL platform, once per process.</summary>
internal static unsafe class OpenClPlatforms
{
    private static readonly Lock s_gate = new();
    private static IReadOnlyList<OpenClDeviceInfo>? s_devices;

    /// <summary>All devices of all platforms, in platform order then device order; throws
    /// <see cref="OpenClNotAvailableException"/> when the loader or every driver is missing.</summary>
    public static IReadOnlyList<OpenClDeviceInfo> Devices
    {
        get
        {
            if (s_devices is { } known) return known;
            lock (s_gate)
                return s_devices ??= Discover();
        }
    }

    /// <summary>
    /// Maps how platform discovery went to the exception a caller sees, or null when it found platforms:
    /// a missing loader library (<paramref name="loadFailure"/>), <c>CL_PLATFORM_NOT_FOUND_KHR</c> (-1001, the
    /// loader found no driver), or zero platforms give <see cref="OpenClNotAvailableException"/>; any other failing
    /// status an <see cref="OpenClException"/> naming it.
    /// </summary>
    internal static OpenClException? PlatformFailure(Exception? loadFailure, int status, uint platformCount)
    {
        if (loadFailure is not null)
            return new OpenClNotAvailableException("the OpenCL loader library could not be loaded: " + loadFailure.Message, loadFailure);
        if (status == ClConstants.PlatformNotFoundKhr)
            return new OpenClNotAvailableException(OpenClErrors.Describe("clGetPlatformIDs", status), null, "clGetPlatformIDs", status);
        if (status != ClConstants.Success)
            return new OpenClException("clGetPlatformIDs", status);
        if (platformCount == 0)
            return new OpenClNotAvailableException("clGetPlatformIDs found no platform");
        return null;
    }

    private static OpenClDeviceInfo[] Discover()
    {
        ClLibrary.EnsureRegistered();
        uint count = 0;
        int status;
        try
        {
            status = Cl.clGetPlatformIDs(0, null, &count);
        }
        catch (DllNotFoundException e)
        {
            throw PlatformFailure(e, 0, 0)!;
        }
        catch (EntryPointNotFoundException e)
        {
            throw PlatformFailure(e, 0, 0)!;
        }
        if (PlatformFailure(null, status, count) is { } failure) throw failure;

        var platforms = new nint[count];
        fixed (nint* p = platforms)
            OpenClErrors.Check(Cl.clGetPlatformIDs(count, p, &count), "clGetPlatformIDs");

        var devices = new List<OpenClDeviceInfo>();
        foreach (nint platform in platforms.AsSpan(0, (int)count))
        {
            string platformName = PlatformString(platform, ClConstants.PlatformName);
            string platformVendor = PlatformString(platform, ClConstants.PlatformVendor);
            string platformVersion = PlatformString(platform, ClConstants.PlatformVersion);
            uint deviceCount = 0;
            status = Cl.clGetDeviceIDs(platform, ClConstants.DeviceTypeAll, 0, null, &deviceCount);
            if (status == ClConstants.DeviceNotFound || deviceCount == 0) continue;
            OpenClErrors.Check(status, "clGetDeviceIDs");
            var ids = new nint[deviceCount];
            fixed (nint* d = ids)
                OpenClErrors.Check(Cl.clGetDeviceIDs(platform, ClConstants.DeviceTypeAll, deviceCount, d, &deviceCount), "clGetDeviceIDs");
            foreach (nint id in ids.AsSpan(0, (int)deviceCount))
            {
                devices.Add(new OpenClDeviceInfo(platform, id, devices.Count,
                    name: DeviceString(id, ClConstants.DeviceName),
                    vendor: DeviceString(id, ClConstants.DeviceVendor),
                    type: (OpenClDeviceType)(int)(DeviceValue<ulong>(id, ClConstants.DeviceType) & 0x1F),
                    computeUnits: (int)DeviceValue<uint>(id, ClConstants.DeviceMaxComputeUnits),
                    globalMemoryBytes: (long)DeviceValue<ulong>(id, ClConstants.DeviceGlobalMemSize),
                    maxAllocationBytes: (long)DeviceValue<ulong>(id, ClConstants.DeviceMaxMemAllocSize),
                    localMemoryBytes: (long)DeviceValue<ulong>(id, ClConstants.DeviceLocalMemSize),
                    maxWorkGroupSize: (long)DeviceValue<nuint>(id, ClConstants.DeviceMaxWorkGroupSize),
                    preferredFloatVectorWidth: (int)DeviceValue<uint>(id, ClConstants.DevicePreferredVectorWidthFloat),
                    version: DeviceString(id, ClConstants.DeviceVersion),
                    driverVersion: DeviceString(id, ClConstants.DriverVersion),
                    platformName, platformVendor, platformVersion));
            }
        }
        return [.. devices];
    }

    private static string PlatformString(nint platform, uint param)
    {
        nuint size = 0;
        OpenClErrors.Check(Cl.clGetPlatformInfo(platform, param, 0, null, &size), "clGetPlatformInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
            OpenClErrors.Check(Cl.clGetPlatformInfo(platform, param, size, b, null), "clGetPlatformInfo");
        return Decode(bytes);
    }

    private static string DeviceString(nint device, uint param)
    {
        nuint size = 0;
        OpenClErrors.Check(Cl.clGetDeviceInfo(device, param, 0, null, &size), "clGetDeviceInfo");
        var bytes = new byte[(int)size];
        fixed (byte* b = bytes)
            OpenClErrors.Check(Cl.clGetDeviceInfo(device, param, size, b, null), "clGetDeviceInfo");
        return Decode(bytes);
    }

    private static T DeviceValue<T>(nint device, uint param) where T : unmanaged
    {
        T value = default;
        OpenClErrors.Check(Cl.clGetDeviceInfo(device, param, (nuint)sizeof(T), &value, null), "clGetDeviceInfo");
        return value;
    }

    /// <summary>A C string from an info query: UTF-8, up to the first NUL, trimmed.</summary>
    internal static string Decode(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]).Trim();
    }
}
