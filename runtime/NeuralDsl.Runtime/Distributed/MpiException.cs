namespace NeuralDsl;

/// <summary>
/// An MPI call failed, or no MPI library is installed. The message names the call, its error code and MPI's
/// description of it, e.g. "MPI_Allreduce failed with error 6: MPI_ERR_ROOT: invalid root", or what to install.
/// </summary>
public sealed class MpiException : Exception
{
    public MpiException(string function, int errorCode, string description)
        : base($"{function} failed with error {errorCode}: {description}")
    {
        Function = function;
        ErrorCode = errorCode;
    }

    public MpiException(string message, Exception? innerException = null) : base(message, innerException)
    {
        Function = "";
    }

    /// <summary>The MPI function that failed, e.g. <c>MPI_Allreduce</c>; empty where no call failed (no library).</summary>
    public string Function { get; }

    /// <summary>The MPI error code, or 0 where no call failed.</summary>
    public int ErrorCode { get; }
}
