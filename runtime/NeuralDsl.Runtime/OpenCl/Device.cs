using System.Globalization;
using System.Text;
using NeuralDsl.OpenCl;

namespace NeuralDsl;

/// <summary>Which backend a <see cref="Device"/> runs on.</summary>
public enum DeviceKind
{
    /// <summary>The built-in SIMD math on the host CPU.</summary>
    Cpu,

    /// <summary>OpenCL C kernels on an OpenCL device (GPU, or a CPU driver such as PoCL).</summary>
    OpenCl,
}

/// <summary>
/// Where a model trains and predicts: <see cref="Cpu"/> (the default) or an OpenCL device picked by
/// <see cref="OpenCl()"/>, by index or by name. Each OpenCL device has one instance and one shared
/// <see cref="OpenClContext"/>, created on first use.
/// </summary>
public sealed class Device
{
    /// <summary>The variable <see cref="FromEnvironment"/> reads.</summary>
    public const string EnvironmentVariable = "NEURALDSL_DEVICE";

    private static readonly Lock s_gate = new();
    private static Device[]? s_openClDevices;

    private readonly Lock _contextGate = new();
    private OpenClContext? _context;

    private Device(OpenClDeviceInfo? info)
    {
        OpenClInfo = info;
    }

    /// <summary>The default backend: SIMD math on the host CPU.</summary>
    public static Device Cpu { get; } = new(null);

    public DeviceKind Kind => OpenClInfo is null ? DeviceKind.Cpu : DeviceKind.OpenCl;

    public bool IsCpu => OpenClInfo is null;

    public bool IsOpenCl => OpenClInfo is not null;

    /// <summary>The OpenCL device, or null for <see cref="Cpu"/>.</summary>
    public OpenClDeviceInfo? OpenClInfo { get; }

    /// <summary>"CPU" or the OpenCL device name.</summary>
    public string Name => OpenClInfo?.Name ?? "CPU";

    /// <summary>
    /// The context and queue every user of this OpenCL device shares, created on first use.
    /// Throws <see cref="InvalidOperationException"/> for <see cref="Cpu"/>.
    /// </summary>
    public OpenClContext OpenClContext
    {
        get
        {
            if (OpenClInfo is null) throw new InvalidOperationException("The CPU device has no OpenCL context.");
            if (_context is { } known) return known;
            lock (_contextGate)
                return _context ??= new OpenClContext(OpenClInfo);
        }
    }

    /// <summary>Every device of every installed OpenCL platform, flattened in platform order; throws
    /// <see cref="OpenClNotAvailableException"/> when no OpenCL platform is installed.</summary>
    public static IReadOnlyList<OpenClDeviceInfo> ListOpenCl() => OpenClPlatforms.Devices;

    /// <summary>The first GPU, else the first OpenCL device of any type.</summary>
    public static Device OpenCl()
    {
        var devices = OpenClDevices();
        foreach (var device in devices)
            if (device.OpenClInfo!.IsGpu) return device;
        return devices[0];
    }

    /// <summary>Device <paramref name="index"/> of <see cref="ListOpenCl"/>.</summary>
    public static Device OpenCl(int index)
    {
        var devices = OpenClDevices();
        if (index < 0 || index >= devices.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index,
                $"There is no OpenCL device #{index}; {Existing(devices.Length)}:{Listing()}");
        return devices[index];
    }

    /// <summary>The first OpenCL device whose name contains <paramref name="nameContains"/> (ignoring case).</summary>
    public static Device OpenCl(string nameContains)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameContains);
        foreach (var device in OpenClDevices())
            if (device.OpenClInfo!.Name.Contains(nameContains, StringComparison.OrdinalIgnoreCase))
                return device;
        throw new ArgumentException(
            $"No OpenCL device's name contains \"{nameContains}\"; {Existing(OpenClDevices().Length)}:{Listing()}", nameof(nameContains));
    }

    /// <summary>The device <see cref="EnvironmentVariable"/> names (see <see cref="Parse"/>); <see cref="Cpu"/> when unset.</summary>
    public static Device FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>
    /// Reads a device specification: empty or null → <see cref="Cpu"/>; <c>cpu</c>; <c>opencl</c> (as
    /// <see cref="OpenCl()"/>); <c>opencl:N</c> (by index); <c>opencl:NAME</c> (by name). Case-insensitive.
    /// </summary>
    public static Device Parse(string? specification)
    {
        var spec = ParseSpecification(specification);
        return spec.Kind switch
        {
            DeviceKind.Cpu => Cpu,
            _ when spec.Index is int index => OpenCl(index),
            _ when spec.Name is string name => OpenCl(name),
            _ => OpenCl(),
        };
    }

    /// <summary>The parsed form of a specification, without touching OpenCL.</summary>
    internal static (DeviceKind Kind, int? Index, string? Name) ParseSpecification(string? specification)
    {
        string text = specification?.Trim() ?? "";
        if (text.Length == 0 || text.Equals("cpu", StringComparison.OrdinalIgnoreCase)) return (DeviceKind.Cpu, null, null);
        if (text.Equals("opencl", StringComparison.OrdinalIgnoreCase)) return (DeviceKind.OpenCl, null, null);
        const string prefix = "opencl:";
        if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            string rest = text[prefix.Length..].Trim();
            if (rest.Length == 0) return (DeviceKind.OpenCl, null, null);
            if (int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int index)) return (DeviceKind.OpenCl, index, null);
            return (DeviceKind.OpenCl, null, rest);
        }
        throw new ArgumentException(
            $"Unknown device \"{specification}\"; use cpu, opencl, opencl:N (an index of Device.ListOpenCl()) or opencl:NAME (part of a device name).",
            nameof(specification));
    }

    private static Device[] OpenClDevices()
    {
        if (s_openClDevices is { } known) return known;
        lock (s_gate)
        {
            if (s_openClDevices is null)
            {
                var infos = OpenClPlatforms.Devices;
                if (infos.Count == 0)
                    throw new OpenClNotAvailableException("the installed OpenCL platforms report no device");
                s_openClDevices = [.. infos.Select(info => new Device(info))];
            }
            return s_openClDevices;
        }
    }

    /// <summary>"the one that exists" / "the 3 that exist".</summary>
    private static string Existing(int n) => n == 1 ? "the one that exists" : $"the {n.ToString(CultureInfo.InvariantCulture)} that exist";

    private static string Listing()
    {
        var text = new StringBuilder();
        foreach (var info in OpenClPlatforms.Devices) text.AppendLine().Append("  ").Append(info);
        return text.ToString();
    }

    /// <summary>"CPU" or "OpenCL #0 NAME (…)".</summary>
    public override string ToString() => OpenClInfo is null ? "CPU" : "OpenCL " + OpenClInfo;
}
