using System.Reflection;
using System.Runtime.InteropServices;

namespace NeuralDsl.OpenCl.Native;

/// <summary>
/// Resolves the library name <see cref="Cl.Library"/> to the ICD loader of the operating system. On Linux the
/// loader package (ocl-icd-libopencl1) ships only <c>libOpenCL.so.1</c>; the unversioned <c>libOpenCL.so</c>
/// comes with the development package, so the default probing for "OpenCL" would miss it. The resolver is
/// AOT-safe and only answers for this one name, leaving every other import of the assembly to the default.
/// </summary>
internal static class ClLibrary
{
    private static int s_registered;

    /// <summary>Installs the resolver once; call before the first OpenCL call.</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref s_registered, 1) != 0) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(ClLibrary).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // Another resolver already owns this assembly; the default probing (and that resolver) still applies.
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Cl.Library) return 0;
        foreach (string candidate in Candidates())
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out nint handle))
                return handle;
        return 0; // Falls back to the default probing, which throws DllNotFoundException.
    }

    private static string[] Candidates() =>
        OperatingSystem.IsWindows() ? ["OpenCL.dll"]
        : OperatingSystem.IsMacOS() ? ["/System/Library/Frameworks/OpenCL.framework/OpenCL", "libOpenCL.dylib"]
        : ["libOpenCL.so.1", "libOpenCL.so"];
}
