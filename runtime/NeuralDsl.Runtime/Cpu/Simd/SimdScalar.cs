using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary>One float: the tails after the last whole vector, and the width without SIMD hardware.</summary>
internal readonly struct SimdScalar(float value) : ISimd<SimdScalar>
{
    public readonly float Value = value;

    public static int Count => 1;
    public static SimdScalar Zero => new(0f);
    public static SimdScalar One => new(1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar Create(float value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar Load(ref readonly float source, nuint index) => new(Unsafe.Add(ref Unsafe.AsRef(in source), index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float destination, nuint index) => Unsafe.Add(ref destination, index) = Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar operator +(SimdScalar left, SimdScalar right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar operator -(SimdScalar left, SimdScalar right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar operator *(SimdScalar left, SimdScalar right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar operator /(SimdScalar left, SimdScalar right) => new(left.Value / right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar operator -(SimdScalar value) => new(-value.Value);

    // Fused where the vectors are, so a tail lane rounds as a vector lane would.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar MultiplyAdd(SimdScalar left, SimdScalar right, SimdScalar addend) =>
        SimdDispatch.HasFusedMultiplyAdd ? new(MathF.FusedMultiplyAdd(left.Value, right.Value, addend.Value)) : left * right + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar Min(SimdScalar left, SimdScalar right) => new(left.Value < right.Value ? left.Value : right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar Max(SimdScalar left, SimdScalar right) => new(left.Value > right.Value ? left.Value : right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar Abs(SimdScalar value) => new(MathF.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar Sqrt(SimdScalar value) => new(MathF.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar Exp(SimdScalar value) => new(MathF.Exp(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar Log(SimdScalar value) => new(MathF.Log(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar GreaterThan(SimdScalar left, SimdScalar right) =>
        new(left.Value > right.Value ? BitConverter.Int32BitsToSingle(-1) : 0f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar EqualBits(SimdScalar left, SimdScalar right) =>
        new(BitConverter.SingleToInt32Bits(left.Value) == BitConverter.SingleToInt32Bits(right.Value) ? BitConverter.Int32BitsToSingle(-1) : 0f);

    /// <summary>One lane, number 0: the index stays.</summary>
    public static SimdScalar PlusLaneNumber(SimdScalar indices) => indices;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdScalar ConditionalSelect(SimdScalar mask, SimdScalar ifTrue, SimdScalar ifFalse) =>
        BitConverter.SingleToInt32Bits(mask.Value) != 0 ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(SimdScalar value) => value.Value;
}
