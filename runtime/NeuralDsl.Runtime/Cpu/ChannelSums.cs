using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuralDsl.Cpu;

/// <summary>
/// Per-channel sums over channels-last data, accumulated in double: a batch of a few hundred thousand floats summed in
/// float would lose the digits that batch statistics and their gradients are made of.
/// </summary>
/// <remarks><see cref="ISimd{TSelf}"/> is float-only, so this widens with <see cref="Vector{T}"/>: one vector of floats
/// becomes two of doubles.</remarks>
internal static class ChannelSums
{
    /// <summary>
    /// Over <paramref name="count"/> positions of <c>channels</c> (the length of the sums) floats:
    /// <c>sum[c] += Σ (g − gCenter[c])</c> and <c>sumOfProducts[c] += Σ (g − gCenter[c])·(v − vCenter[c])</c>. With
    /// <paramref name="g"/> = <paramref name="v"/> and equal centers these are the shifted moments of one tensor.
    /// </summary>
    public static void Accumulate(ReadOnlySpan<float> g, ReadOnlySpan<double> gCenter, ReadOnlySpan<float> v, ReadOnlySpan<double> vCenter,
        Span<double> sum, Span<double> sumOfProducts, int count)
    {
        int channels = sum.Length;
        if (gCenter.Length < channels || vCenter.Length < channels || sumOfProducts.Length < channels
            || g.Length < (long)count * channels || v.Length < (long)count * channels)
            throw new ArgumentException("Channel sums: a buffer is shorter than the positions and channels it is read for.");

        ref float gRef = ref MemoryMarshal.GetReference(g);
        ref float vRef = ref MemoryMarshal.GetReference(v);
        ref double gcRef = ref MemoryMarshal.GetReference(gCenter);
        ref double vcRef = ref MemoryMarshal.GetReference(vCenter);
        ref double sRef = ref MemoryMarshal.GetReference(sum);
        ref double pRef = ref MemoryMarshal.GetReference(sumOfProducts);
        // Whole vectors of channels only where vectors are accelerated; one channel at a time otherwise.
        int vectorChannels = Vector.IsHardwareAccelerated ? channels - channels % Vector<float>.Count : 0, half = Vector<double>.Count;
        nuint index = 0;
        for (int p = 0; p < count; p++, index += (nuint)channels)
        {
            int c = 0;
            for (; c < vectorChannels; c += Vector<float>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(in gRef, index + (nuint)c), out Vector<double> gLow, out Vector<double> gHigh);
                Vector.Widen(Vector.LoadUnsafe(in vRef, index + (nuint)c), out Vector<double> vLow, out Vector<double> vHigh);
                AccumulateVector(gLow, vLow, ref gcRef, ref vcRef, ref sRef, ref pRef, (nuint)c);
                AccumulateVector(gHigh, vHigh, ref gcRef, ref vcRef, ref sRef, ref pRef, (nuint)(c + half));
            }
            for (; c < channels; c++)
            {
                double gc = (double)Unsafe.Add(ref gRef, index + (nuint)c) - Unsafe.Add(ref gcRef, c);
                double vc = (double)Unsafe.Add(ref vRef, index + (nuint)c) - Unsafe.Add(ref vcRef, c);
                Unsafe.Add(ref sRef, c) += gc;
                Unsafe.Add(ref pRef, c) += gc * vc;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateVector(Vector<double> g, Vector<double> v, ref double gCenter, ref double vCenter,
        ref double sum, ref double sumOfProducts, nuint channel)
    {
        var gc = g - Vector.LoadUnsafe(in gCenter, channel);
        var vc = v - Vector.LoadUnsafe(in vCenter, channel);
        (Vector.LoadUnsafe(in sum, channel) + gc).StoreUnsafe(ref sum, channel);
        (Vector.LoadUnsafe(in sumOfProducts, channel) + gc * vc).StoreUnsafe(ref sumOfProducts, channel);
    }
}
