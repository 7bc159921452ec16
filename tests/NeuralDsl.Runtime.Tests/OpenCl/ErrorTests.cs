using NeuralDsl.OpenCl;

namespace NeuralDsl.Runtime.Tests.OpenCl;

/// <summary>Error naming and the missing-driver message; none of these need an OpenCL platform.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData(0, "CL_SUCCESS")]
    [InlineData(-1, "CL_DEVICE_NOT_FOUND")]
    [InlineData(-5, "CL_OUT_OF_RESOURCES")]
    [InlineData(-11, "CL_BUILD_PROGRAM_FAILURE")]
    [InlineData(-30, "CL_INVALID_VALUE")]
    [InlineData(-46, "CL_INVALID_KERNEL_NAME")]
    [InlineData(-52, "CL_INVALID_KERNEL_ARGS")]
    [InlineData(-54, "CL_INVALID_WORK_GROUP_SIZE")]
    [InlineData(-61, "CL_INVALID_BUFFER_SIZE")]
    [InlineData(-72, "CL_MAX_SIZE_RESTRICTION_EXCEEDED")]
    [InlineData(-1001, "CL_PLATFORM_NOT_FOUND_KHR")]
    [InlineData(-9999, "CL_UNKNOWN_ERROR")]
    public void Names_status_codes(int code, string name) => Assert.Equal(name, OpenClErrors.Name(code));

    [Fact]
    public void The_message_names_the_call_and_the_code()
    {
        var e = new OpenClException("clBuildProgram", -11);
        Assert.Equal("clBuildProgram failed with CL_BUILD_PROGRAM_FAILURE (-11)", e.Message);
        Assert.Equal("clBuildProgram", e.Function);
        Assert.Equal(-11, e.ErrorCode);
        Assert.Equal("CL_BUILD_PROGRAM_FAILURE", e.ErrorName);
        Assert.Null(e.BuildLog);

        var withLog = new OpenClException("clBuildProgram", -11, "<source>:1:1: error: oops\n");
        Assert.StartsWith("clBuildProgram failed with CL_BUILD_PROGRAM_FAILURE (-11). Build log:", withLog.Message);
        Assert.EndsWith("error: oops", withLog.Message);
    }

    private const string Advice =
        "No OpenCL platform is installed: install the loader ocl-icd-libopencl1 and a driver such as pocl-opencl-icd (CPU) or your GPU vendor's OpenCL driver";

    [Fact]
    public void A_missing_loader_library_says_what_to_install()
    {
        var missing = new DllNotFoundException("Unable to load shared library 'OpenCL'");
        var e = Assert.IsType<OpenClNotAvailableException>(OpenClPlatforms.PlatformFailure(missing, 0, 0));
        Assert.StartsWith(Advice, e.Message);
        Assert.Contains("Unable to load shared library 'OpenCL'", e.Message);
        Assert.Same(missing, e.InnerException);
    }

    [Fact]
    public void No_driver_says_what_to_install()
    {
        var e = Assert.IsType<OpenClNotAvailableException>(OpenClPlatforms.PlatformFailure(null, -1001, 0));
        Assert.StartsWith(Advice, e.Message);
        Assert.Contains("CL_PLATFORM_NOT_FOUND_KHR (-1001)", e.Message);
        Assert.Equal(-1001, e.ErrorCode);

        var none = Assert.IsType<OpenClNotAvailableException>(OpenClPlatforms.PlatformFailure(null, 0, 0));
        Assert.StartsWith(Advice, none.Message);
    }

    [Fact]
    public void Other_platform_failures_name_the_code_and_found_platforms_pass()
    {
        var e = OpenClPlatforms.PlatformFailure(null, -6, 0);
        Assert.NotNull(e);
        Assert.IsNotType<OpenClNotAvailableException>(e);
        Assert.Equal("clGetPlatformIDs failed with CL_OUT_OF_HOST_MEMORY (-6)", e.Message);
        Assert.Null(OpenClPlatforms.PlatformFailure(null, 0, 1));
    }
}
