using NeuralDsl.OpenCl;

namespace NeuralDsl.Runtime.Tests.OpenCl;

/// <summary>One OpenCL device and context for every OpenCL test (PoCL's first compile takes seconds). CI installs
/// ocl-icd-libopencl1 and pocl-opencl-icd; where no OpenCL platform is installed, the tests that need one are skipped.</summary>
public sealed class OpenClFixture
{
    private readonly Device? _device;
    private readonly string _missing = "";

    public OpenClFixture()
    {
        try
        {
            _device = Device.OpenCl();
        }
        catch (OpenClNotAvailableException e)
        {
            _missing = e.Message;
        }
    }

    /// <summary>The device; skips the calling test when there is none.</summary>
    public Device Device
    {
        get
        {
            Assert.SkipWhen(_device is null, "No OpenCL platform here (.ci/run installs PoCL): " + _missing);
            return _device!;
        }
    }

    public OpenClContext Context => Device.OpenClContext;
}

[CollectionDefinition(Name)]
public sealed class OpenClCollection : ICollectionFixture<OpenClFixture>
{
    public const string Name = "OpenCL";
}
