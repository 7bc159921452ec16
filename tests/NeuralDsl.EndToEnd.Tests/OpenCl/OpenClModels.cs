using NeuralDsl.OpenCl;

namespace NeuralDsl.EndToEnd.Tests.OpenCl;

/// <summary>The OpenCL device the end-to-end tests run on (PoCL in CI, which <c>.ci/run</c> installs).</summary>
[CollectionDefinition(Name)]
public sealed class OpenClModels
{
    public const string Name = "OpenCL models";

    private static readonly Lazy<Device> s_device = new(() => NeuralDsl.Device.OpenCl());

    public static Device Device => s_device.Value;
}
