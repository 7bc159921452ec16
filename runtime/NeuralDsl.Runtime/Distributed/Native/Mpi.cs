using System.Runtime.InteropServices;

namespace NeuralDsl.Distributed.Native;

/// <summary>
/// Hand-written bindings over the few MPI entry points data-parallel training uses, in the style of the OpenCL ones:
/// every signature is blittable (<c>int</c> results and counts; communicators, datatypes, operations and error handlers
/// as <see cref="nint"/>, which is what Open MPI's handles are: pointers to its exported predefined objects, resolved by
/// <see cref="MpiLibrary"/>). Every call's result goes through <see cref="MpiLibrary.Check"/>.
/// </summary>
internal static unsafe partial class Mpi
{
    /// <summary>Open MPI's library by its soname (the same since Open MPI 3.0), so the default probing finds it without
    /// the development package's unversioned link, and without a resolver (the OpenCL bindings own this assembly's).</summary>
    internal const string Library = "libmpi.so.40";

    /// <summary><c>MPI_SUCCESS</c>, the same in every MPI.</summary>
    internal const int Success = 0;

    /// <summary><c>MPI_THREAD_SERIALIZED</c>: any thread may call, one at a time (Fit may run on another thread than Initialize).</summary>
    internal const int ThreadSerialized = 2;

    /// <summary>Room for <c>MPI_MAX_ERROR_STRING</c> (256 in Open MPI, 512 in MPICH).</summary>
    internal const int MaxErrorString = 1024;

    [LibraryImport(Library)]
    internal static partial int MPI_Init_thread(int* argc, byte*** argv, int required, int* provided);

    [LibraryImport(Library)]
    internal static partial int MPI_Initialized(int* flag);

    [LibraryImport(Library)]
    internal static partial int MPI_Finalized(int* flag);

    [LibraryImport(Library)]
    internal static partial int MPI_Comm_set_errhandler(nint comm, nint errhandler);

    [LibraryImport(Library)]
    internal static partial int MPI_Comm_rank(nint comm, int* rank);

    [LibraryImport(Library)]
    internal static partial int MPI_Comm_size(nint comm, int* size);

    [LibraryImport(Library)]
    internal static partial int MPI_Allreduce(void* sendbuf, void* recvbuf, int count, nint datatype, nint op, nint comm);

    [LibraryImport(Library)]
    internal static partial int MPI_Bcast(void* buffer, int count, nint datatype, int root, nint comm);

    [LibraryImport(Library)]
    internal static partial int MPI_Barrier(nint comm);

    [LibraryImport(Library)]
    internal static partial int MPI_Finalize();

    [LibraryImport(Library)]
    internal static partial int MPI_Abort(nint comm, int errorcode);

    [LibraryImport(Library)]
    internal static partial int MPI_Error_string(int errorcode, byte* text, int* resultlen);
}
