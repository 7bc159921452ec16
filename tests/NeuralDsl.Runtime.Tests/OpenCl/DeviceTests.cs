using NeuralDsl.OpenCl;

namespace NeuralDsl.Runtime.Tests.OpenCl;

[Collection(OpenClCollection.Name)]
public sealed class DeviceTests(OpenClFixture fixture)
{
    // Every test here needs an OpenCL platform: skipped (not passed) without one.
    private readonly Device _device = fixture.Device;

    [Fact]
    public void Lists_at_least_one_named_device_with_its_properties()
    {
        var devices = Device.ListOpenCl();
        Assert.NotEmpty(devices);
        for (int i = 0; i < devices.Count; i++)
        {
            var d = devices[i];
            Assert.Equal(i, d.Index);
            Assert.False(string.IsNullOrWhiteSpace(d.Name));
            Assert.False(string.IsNullOrWhiteSpace(d.PlatformName));
            Assert.NotEqual(OpenClDeviceType.None, d.Type);
            Assert.True(d.ComputeUnits > 0, d.ToString());
            Assert.True(d.GlobalMemoryBytes > 0, d.ToString());
            Assert.True(d.MaxWorkGroupSize > 0, d.ToString());
            Assert.StartsWith("OpenCL ", d.Version);
            Assert.Contains(d.Name, d.ToString());
        }
        Assert.Same(devices, Device.ListOpenCl());
    }

    [Fact]
    public void OpenCl_picks_the_first_gpu_or_else_the_first_device()
    {
        var devices = Device.ListOpenCl();
        var expected = devices.FirstOrDefault(d => d.IsGpu) ?? devices[0];
        var device = Device.OpenCl();
        Assert.Same(expected, device.OpenClInfo);
        Assert.Equal(DeviceKind.OpenCl, device.Kind);
        Assert.True(device.IsOpenCl);
        Assert.False(device.IsCpu);
        Assert.Same(fixture.Device, device);
        Assert.Same(fixture.Context, device.OpenClContext);
    }

    [Fact]
    public void Picks_by_index_and_by_case_insensitive_name_part()
    {
        var devices = Device.ListOpenCl();
        for (int i = 0; i < devices.Count; i++)
            Assert.Same(devices[i], Device.OpenCl(i).OpenClInfo);

        var first = devices[0];
        string part = first.Name.Length > 4 ? first.Name[1..^1] : first.Name;
        var byName = Device.OpenCl(part.ToUpperInvariant());
        Assert.Contains(part, byName.OpenClInfo!.Name, StringComparison.OrdinalIgnoreCase);
        Assert.Same(Device.OpenCl(byName.OpenClInfo.Index), byName);
    }

    [Fact]
    public void A_bad_index_lists_the_devices_that_exist()
    {
        int count = Device.ListOpenCl().Count;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Device.OpenCl(count));
        Assert.Contains($"no OpenCL device #{count}", e.Message);
        foreach (var d in Device.ListOpenCl()) Assert.Contains(d.Name, e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Device.OpenCl(-1));
    }

    [Fact]
    public void A_bad_name_lists_the_devices_that_exist()
    {
        var e = Assert.Throws<ArgumentException>(() => Device.OpenCl("no-such-device-xyz"));
        Assert.Contains("\"no-such-device-xyz\"", e.Message);
        foreach (var d in Device.ListOpenCl()) Assert.Contains(d.Name, e.Message);
    }

    [Fact]
    public void Cpu_is_the_default_backend_and_has_no_OpenCl_context()
    {
        Assert.Equal(DeviceKind.Cpu, Device.Cpu.Kind);
        Assert.True(Device.Cpu.IsCpu);
        Assert.Null(Device.Cpu.OpenClInfo);
        Assert.Equal("CPU", Device.Cpu.ToString());
        Assert.Throws<InvalidOperationException>(() => Device.Cpu.OpenClContext);
    }

    [Theory]
    [InlineData(null, DeviceKind.Cpu, null, null)]
    [InlineData("", DeviceKind.Cpu, null, null)]
    [InlineData("  ", DeviceKind.Cpu, null, null)]
    [InlineData("cpu", DeviceKind.Cpu, null, null)]
    [InlineData("CPU", DeviceKind.Cpu, null, null)]
    [InlineData("opencl", DeviceKind.OpenCl, null, null)]
    [InlineData("OpenCL:", DeviceKind.OpenCl, null, null)]
    [InlineData("opencl:0", DeviceKind.OpenCl, 0, null)]
    [InlineData("opencl:12", DeviceKind.OpenCl, 12, null)]
    [InlineData("opencl:NVIDIA GeForce", DeviceKind.OpenCl, null, "NVIDIA GeForce")]
    [InlineData("OPENCL: pthread ", DeviceKind.OpenCl, null, "pthread")]
    [InlineData("opencl:-1", DeviceKind.OpenCl, null, "-1")]
    public void Parses_device_specifications(string? text, DeviceKind kind, int? index, string? name)
    {
        Assert.Equal((kind, index, name), Device.ParseSpecification(text));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda")]
    [InlineData("opencl0")]
    public void Rejects_unknown_specifications_naming_the_forms(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => Device.Parse(text));
        Assert.Contains(text, e.Message);
        Assert.Contains("opencl:N", e.Message);
    }

    [Fact]
    public void Parse_resolves_to_the_same_devices()
    {
        Assert.Same(Device.Cpu, Device.Parse(null));
        Assert.Same(Device.Cpu, Device.Parse("cpu"));
        Assert.Same(Device.OpenCl(), Device.Parse("opencl"));
        Assert.Same(Device.OpenCl(0), Device.Parse("opencl:0"));
        string name = Device.ListOpenCl()[0].Name;
        Assert.Same(Device.OpenCl(name), Device.Parse("opencl:" + name));
    }

    [Fact]
    public void FromEnvironment_reads_NEURALDSL_DEVICE()
    {
        string? saved = Environment.GetEnvironmentVariable(Device.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(Device.EnvironmentVariable, null);
            Assert.Same(Device.Cpu, Device.FromEnvironment());
            Environment.SetEnvironmentVariable(Device.EnvironmentVariable, "opencl:0");
            Assert.Same(Device.OpenCl(0), Device.FromEnvironment());
            Environment.SetEnvironmentVariable(Device.EnvironmentVariable, "cpu");
            Assert.Same(Device.Cpu, Device.FromEnvironment());
        }
        finally
        {
            Environment.SetEnvironmentVariable(Device.EnvironmentVariable, saved);
        }
    }
}
