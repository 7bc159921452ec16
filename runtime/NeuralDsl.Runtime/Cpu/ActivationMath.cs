using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>Element-wise activation passes, specialised per activation type.</summary>
public static class ActivationMath
{
    /// <summary><c>output = f(input)</c>; the spans may be the same memory.</summary>
    public static void Forward<TActivation>(ReadOnlySpan<float> input, Span<float> output)
        where TActivation : struct, IActivation
    {
        int n = output.Length;
        ref float ir = ref MemoryMarshal.GetReference(input);
        ref float or = ref MemoryMarshal.GetReference(output);
        int i = 0;
        for (; i <= n - 16; i += 16)
            TActivation.Apply(Vector512.LoadUnsafe(ref ir, (nuint)i)).StoreUnsafe(ref or, (nuint)i);
        for (; i < n; i++) output[i] = TActivation.Apply(input[i]);
    }

    /// <summary>
    /// Turns dL/da into dL/dz in place: <c>gradient *= f'(z)</c>, with f' computed from the output
    /// <paramref name="output"/> = f(z).
    /// </summary>
    public static void Backward<TActivation>(ReadOnlySpan<float> output, Span<float> gradient)
        where TActivation : struct, IActivation
    {
        int n = gradient.Length;
        ref float ar = ref MemoryMarshal.GetReference(output);
        ref float gr = ref MemoryMarshal.GetReference(gradient);
        int i = 0;
        for (; i <= n - 16; i += 16)
            (Vector512.LoadUnsafe(ref gr, (nuint)i) * TActivation.Derivative(Vector512.LoadUnsafe(ref ar, (nuint)i))).StoreUnsafe(ref gr, (nuint)i);
        for (; i < n; i++) gradient[i] *= TActivation.Derivative(output[i]);
    }
}
