using NeuralDsl;

/// <summary>The device every sample trains on: the one <c>NEURALDSL_DEVICE</c> names (cpu, opencl, opencl:N, opencl:NAME).</summary>
internal static class SampleDevice
{
    /// <summary>Prints and returns the device; when it cannot be used (no OpenCL driver, a bad name) prints why to
    /// stderr and returns null, so the sample exits with code 2 and no stack trace.</summary>
    public static Device? FromEnvironment()
    {
        try
        {
            var device = Device.FromEnvironment();
            Console.WriteLine($"Device: {device}");
            return device;
        }
        catch (Exception e) when (e is OpenClNotAvailableException or ArgumentException)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }
}
