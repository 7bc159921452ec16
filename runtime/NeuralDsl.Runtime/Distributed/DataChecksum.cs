using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace NeuralDsl.Distributed;

/// <summary>
/// The checksum data-parallel Fit compares between ranks: XxHash128 of the bytes, in which every value and its position
/// count (a position-weighted sum repeats its weights, and could not see two rows swapped a multiple of their period
/// apart). 128 bits, so that two different data sets agree by chance with odds of 2^-128; several GB/s, so that checking a
/// training set, or the weights at every epoch's start, costs little beside the training. Allocates nothing.
/// </summary>
internal static class DataChecksum
{
    public static UInt128 Of(ReadOnlySpan<float> values) => Of(MemoryMarshal.AsBytes(values));

    public static UInt128 Of(ReadOnlySpan<byte> bytes) => XxHash128.HashToUInt128(bytes);
}
