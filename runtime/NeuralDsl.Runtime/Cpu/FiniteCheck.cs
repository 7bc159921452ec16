using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralDsl.Cpu;

/// <summary>
/// Whether a span holds only finite floats, at memory speed: a float is NaN or infinite exactly when its exponent bits are all
/// ones, which a vector of integers tests a register at a time. Inference checks its inputs on every call, and
/// <see cref="MemoryExtensions.IndexOfAnyExceptInRange{T}(ReadOnlySpan{T}, T, T)"/> compares floats one at a time
/// (measured: 360 µs for 256 rows of 784 inputs, about as long as the prediction itself).
/// </summary>
internal static class FiniteCheck
{
    private const uint ExponentBits = 0x7F80_0000;

    public static bool All(ReadOnlySpan<float> values)
    {
        var bits = MemoryMarshal.Cast<float, uint>(values);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var exponent = new Vector<uint>(ExponentBits);
            var found = Vector<uint>.Zero;
            // No early exit: the common case is all finite, and one branch at the end keeps the loop tight.
            for (; i <= bits.Length - Vector<uint>.Count; i += Vector<uint>.Count)
                found |= Vector.Equals(new Vector<uint>(bits[i..]) & exponent, exponent);
            if (found != Vector<uint>.Zero) return false;
        }
        for (; i < bits.Length; i++)
            if ((bits[i] & ExponentBits) == ExponentBits) return false;
        return true;
    }

    /// <summary>The index of the first NaN or infinity, or -1 when every value is finite: the vectorised test first, the
    /// slow search only to name a bad value.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values) =>
        All(values) ? -1 : values.IndexOfAnyExceptInRange(float.MinValue, float.MaxValue);
}
