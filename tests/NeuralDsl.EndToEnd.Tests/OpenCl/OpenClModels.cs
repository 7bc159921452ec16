using NeuralDsl.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.OpenCl;

/// <summary>The OpenCL device the end-to-end tests run on (PoCL in CI, which <c>.ci/run</c> installs); a test that asks
/// for it where no OpenCL platform is installed is skipped, not passed.</summary>
[CollectionDefinition(Name)]
public sealed class OpenClModels
{
    public const string Name = "OpenCL models";

    private static readonly Lazy<(Device? Device, string Missing)> s_device = new(() =>
    {
        try
        {
            return (NeuralDsl.Device.OpenCl(), "");
        }
        catch (OpenClNotAvailableException e)
        {
            return (null, e.Message);
        }
    });

    public static Device Device
    {
        get
        {
            var (device, missing) = s_device.Value;
            Assert.SkipWhen(device is null, "No OpenCL platform here (.ci/run installs PoCL): " + missing);
            return device!;
        }
    }
}
