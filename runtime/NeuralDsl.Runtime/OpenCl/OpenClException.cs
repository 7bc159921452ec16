using NeuralDsl.OpenCl;

namespace NeuralDsl;

/// <summary>
/// An OpenCL call failed. The message names the call and the status code's symbolic name, e.g.
/// "clBuildProgram failed with CL_BUILD_PROGRAM_FAILURE (-11)", followed for a failed build by the
/// compiler's log, which <see cref="BuildLog"/> also holds.
/// </summary>
public class OpenClException : Exception
{
    public OpenClException(string function, int errorCode, string? buildLog = null)
        : base(Compose(function, errorCode, buildLog))
    {
        Function = function;
        ErrorCode = errorCode;
        BuildLog = buildLog;
    }

    public OpenClException(string message, Exception? innerException = null) : base(message, innerException)
    {
        Function = "";
    }

    protected OpenClException(string message, string function, int errorCode, Exception? innerException)
        : base(message, innerException)
    {
        Function = function;
        ErrorCode = errorCode;
    }

    /// <summary>The OpenCL entry point that failed, e.g. <c>clBuildProgram</c>; empty where no call failed.</summary>
    public string Function { get; }

    /// <summary>The OpenCL status code (negative), or 0 where none applies.</summary>
    public int ErrorCode { get; }

    /// <summary>The symbolic name of <see cref="ErrorCode"/>, e.g. <c>CL_BUILD_PROGRAM_FAILURE</c>.</summary>
    public string ErrorName => OpenClErrors.Name(ErrorCode);

    /// <summary>The program build log for a failed <c>clBuildProgram</c>, otherwise null.</summary>
    public string? BuildLog { get; }

    /// <summary>"FUNCTION failed with NAME (code) <paramref name="context"/>", e.g. naming the kernel or buffer involved.</summary>
    internal static OpenClException Failed(string function, int errorCode, string context) =>
        new(OpenClErrors.Describe(function, errorCode) + " " + context, function, errorCode, null);

    private static string Compose(string function, int errorCode, string? buildLog)
    {
        string head = OpenClErrors.Describe(function, errorCode);
        return string.IsNullOrWhiteSpace(buildLog) ? head : head + ". Build log:" + Environment.NewLine + buildLog.TrimEnd();
    }
}

/// <summary>
/// No OpenCL platform can be used: the ICD loader library is missing, or it finds no driver.
/// The message says what to install.
/// </summary>
public sealed class OpenClNotAvailableException : OpenClException
{
    /// <summary>The advice every instance's message starts with.</summary>
    public const string InstallAdvice =
        "No OpenCL platform is installed: install the loader ocl-icd-libopencl1 and a driver such as pocl-opencl-icd (CPU) " +
        "or your GPU vendor's OpenCL driver";

    public OpenClNotAvailableException(string reason, Exception? innerException = null, string function = "", int errorCode = 0)
        : base(InstallAdvice + " (" + reason + ").", function, errorCode, innerException)
    {
    }
}
