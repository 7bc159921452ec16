using NeuralDsl.OpenCl;

namespace NeuralDsl.Runtime.Tests.OpenCl;

/// <summary>One OpenCL device and context for every OpenCL test (PoCL's first compile takes seconds). CI installs
/// ocl-icd-libopencl1 and pocl-opencl-icd, so these tests require an OpenCL platform.</summary>
public sealed class OpenClFixture
{
    public OpenClFixture()
    {
        Device = Device.OpenCl();
        Context = Device.OpenClContext;
    }

    public Device Device { get; }

    public OpenClContext Context { get; }
}

[CollectionDefinition(Name)]
public sealed class OpenClCollection : ICollectionFixture<OpenClFixture>
{
    public const string Name = "OpenCL";
}
