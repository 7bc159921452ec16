using System.Runtime.InteropServices;
using System.Text;

namespace NeuralDsl.Distributed.Native;

/// <summary>
/// Loads Open MPI's <see cref="Mpi.Library"/> and resolves its predefined handles: they are exported symbols, which
/// <see cref="NativeLibrary.TryGetExport"/> finds without a C shim. Loading it here first turns a missing library into an
/// error that says what to install, instead of a <see cref="DllNotFoundException"/> at the first call.
/// </summary>
internal static class MpiLibrary
{
    /// <summary>What to install, as every "no MPI" error says.</summary>
    public const string InstallAdvice = "install Open MPI: sudo apt-get install openmpi-bin libopenmpi-dev";

    private static readonly Lock Gate = new();
    private static nint s_library;

    /// <summary>Loads the library (once); returns its handles.</summary>
    /// <exception cref="MpiException">No Open MPI library could be loaded, or it lacks a handle symbol.</exception>
    public static MpiHandles Load()
    {
        lock (Gate)
        {
            if (s_library == 0) s_library = Open(Mpi.Library);
            var addresses = new nint[MpiHandles.OpenMpiSymbols.Length];
            for (int i = 0; i < addresses.Length; i++)
            {
                if (!NativeLibrary.TryGetExport(s_library, MpiHandles.OpenMpiSymbols[i], out addresses[i]))
                    throw new MpiException(
                        $"The MPI library loaded has no symbol {MpiHandles.OpenMpiSymbols[i]}: it is not Open MPI (MPICH and its derivatives are not supported yet); {InstallAdvice}.");
            }
            return new MpiHandles(addresses[0], addresses[1], addresses[2], addresses[3], addresses[4], addresses[5], addresses[6], MpiHandles.OpenMpiInPlace);
        }
    }

    /// <summary>Loads <paramref name="name"/>, or says what to install (a test passes a name that does not exist).</summary>
    internal static nint Open(string name)
    {
        try
        {
            return NativeLibrary.Load(name);
        }
        catch (DllNotFoundException e)
        {
            throw new MpiException($"No MPI library was found ({name}); {InstallAdvice}. ({e.Message})", e);
        }
    }

    /// <summary>Turns a failed call's result into an <see cref="MpiException"/> naming the call and MPI's own words for the code.</summary>
    public static void Check(int result, string function)
    {
        if (result != Mpi.Success) throw new MpiException(function, result, ErrorString(result));
    }

    private static unsafe string ErrorString(int code)
    {
        byte* text = stackalloc byte[Mpi.MaxErrorString];
        int length = 0;
        return Mpi.MPI_Error_string(code, text, &length) == Mpi.Success && length > 0 && length <= Mpi.MaxErrorString
            ? Encoding.UTF8.GetString(text, length)
            : "no description";
    }
}
