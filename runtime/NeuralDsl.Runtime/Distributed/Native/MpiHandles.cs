namespace NeuralDsl.Distributed.Native;

/// <summary>
/// The predefined MPI handles the bindings pass. Open MPI exports each as a global object and its handle is that
/// object's address (<c>MPI_COMM_WORLD</c> is <c>&amp;ompi_mpi_comm_world</c>); <c>MPI_IN_PLACE</c> is <c>(void*)1</c>.
/// (MPICH's handles are integer constants instead; see README, "Data-parallel training".)
/// </summary>
internal readonly record struct MpiHandles(nint CommWorld, nint Float, nint Double, nint Int, nint Sum, nint Max, nint ErrorsReturn, nint InPlace)
{
    /// <summary>The exported symbols of Open MPI behind each handle, in the order of the constructor.</summary>
    public static readonly string[] OpenMpiSymbols =
        ["ompi_mpi_comm_world", "ompi_mpi_float", "ompi_mpi_double", "ompi_mpi_int", "ompi_mpi_op_sum", "ompi_mpi_op_max", "ompi_mpi_errors_return"];

    /// <summary>Open MPI's <c>MPI_IN_PLACE</c>.</summary>
    public const nint OpenMpiInPlace = 1;
}
