using System.Globalization;

namespace NeuralDsl;

/// <summary>The kind of an OpenCL device (<c>CL_DEVICE_TYPE_*</c> bits).</summary>
[Flags]
public enum OpenClDeviceType
{
    None = 0,
    Default = 1 << 0,
    Cpu = 1 << 1,
    Gpu = 1 << 2,
    Accelerator = 1 << 3,
    Custom = 1 << 4,
}

/// <summary>
/// One OpenCL device as discovery found it. <see cref="Index"/> is its position in the flattened list of every
/// device of every platform, the index <see cref="Device.OpenCl(int)"/> takes.
/// </summary>
public sealed class OpenClDeviceInfo
{
    internal OpenClDeviceInfo(nint platformId, nint deviceId, int index, string name, string vendor, OpenClDeviceType type,
        int computeUnits, long globalMemoryBytes, long maxAllocationBytes, long localMemoryBytes, long maxWorkGroupSize, int preferredFloatVectorWidth,
        string version, string driverVersion, string platformName, string platformVendor, string platformVersion)
    {
        PlatformId = platformId;
        DeviceId = deviceId;
        Index = index;
        Name = name;
        Vendor = vendor;
        Type = type;
        ComputeUnits = computeUnits;
        GlobalMemoryBytes = globalMemoryBytes;
        MaxAllocationBytes = maxAllocationBytes;
        LocalMemoryBytes = localMemoryBytes;
        MaxWorkGroupSize = maxWorkGroupSize;
        PreferredFloatVectorWidth = preferredFloatVectorWidth;
        Version = version;
        DriverVersion = driverVersion;
        PlatformName = platformName;
        PlatformVendor = platformVendor;
        PlatformVersion = platformVersion;
    }

    internal nint PlatformId { get; }
    internal nint DeviceId { get; }

    /// <summary>Position in the flattened list of all devices of all platforms.</summary>
    public int Index { get; }

    /// <summary><c>CL_DEVICE_NAME</c>, e.g. "NVIDIA GeForce RTX 4090" or "pthread-skylake-avx512".</summary>
    public string Name { get; }

    /// <summary><c>CL_DEVICE_VENDOR</c>.</summary>
    public string Vendor { get; }

    /// <summary>GPU, CPU, accelerator… (<c>CL_DEVICE_TYPE</c>).</summary>
    public OpenClDeviceType Type { get; }

    /// <summary>True when <see cref="Type"/> includes <see cref="OpenClDeviceType.Gpu"/>.</summary>
    public bool IsGpu => (Type & OpenClDeviceType.Gpu) != 0;

    /// <summary><c>CL_DEVICE_MAX_COMPUTE_UNITS</c>.</summary>
    public int ComputeUnits { get; }

    /// <summary><c>CL_DEVICE_GLOBAL_MEM_SIZE</c> in bytes.</summary>
    public long GlobalMemoryBytes { get; }

    /// <summary><c>CL_DEVICE_MAX_MEM_ALLOC_SIZE</c>: the largest single buffer, in bytes.</summary>
    public long MaxAllocationBytes { get; }

    /// <summary><c>CL_DEVICE_LOCAL_MEM_SIZE</c> in bytes.</summary>
    public long LocalMemoryBytes { get; }

    /// <summary><c>CL_DEVICE_MAX_WORK_GROUP_SIZE</c>.</summary>
    public long MaxWorkGroupSize { get; }

    /// <summary><c>CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT</c>: floats in the device's natural vector (8 on an AVX2 CPU).</summary>
    public int PreferredFloatVectorWidth { get; }

    /// <summary><c>CL_DEVICE_VERSION</c>, e.g. "OpenCL 3.0 PoCL …".</summary>
    public string Version { get; }

    /// <summary><c>CL_DRIVER_VERSION</c>.</summary>
    public string DriverVersion { get; }

    /// <summary><c>CL_PLATFORM_NAME</c> of the owning platform, e.g. "Portable Computing Language".</summary>
    public string PlatformName { get; }

    /// <summary><c>CL_PLATFORM_VENDOR</c>.</summary>
    public string PlatformVendor { get; }

    /// <summary><c>CL_PLATFORM_VERSION</c>, e.g. "OpenCL 3.0 PoCL 3.1".</summary>
    public string PlatformVersion { get; }

    /// <summary>e.g. <c>#0 pthread-skylake-avx512 (CPU, 16 compute units, 60.0 GiB, Portable Computing Language)</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"#{Index} {Name} ({TypeName(Type)}, {ComputeUnits} compute units, {GlobalMemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB, {PlatformName})");

    private static string TypeName(OpenClDeviceType type) =>
        (type & OpenClDeviceType.Gpu) != 0 ? "GPU"
        : (type & OpenClDeviceType.Cpu) != 0 ? "CPU"
        : (type & OpenClDeviceType.Accelerator) != 0 ? "accelerator"
        : (type & OpenClDeviceType.Custom) != 0 ? "custom"
        : "other";
}
