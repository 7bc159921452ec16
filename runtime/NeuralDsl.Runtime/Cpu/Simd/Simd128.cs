using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>Four floats in one <see cref="Vector128{T}"/> (SSE, AdvSimd).</summary>
internal readonly struct Simd128(Vector128<float> value) : ISimd<Simd128>
{
    public readonly Vector128<float> Value = value;

    public static int Count => Vector128<float>.Count;
    public static Simd128 Zero => new(Vector128<float>.Zero);
    public static Simd128 One => new(Vector128<float>.One);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Create(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Load(ref readonly float source, nuint index) => new(Vector128.LoadUnsafe(in source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float destination, nuint index) => Value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator +(Simd128 left, Simd128 right) => new(left.Value + right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator -(Simd128 left, Simd128 right) => new(left.Value - right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator *(Simd128 left, Simd128 right) => new(left.Value * right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator /(Simd128 left, Simd128 right) => new(left.Value / right.Value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 operator -(Simd128 value) => new(-value.Value);

    // Fused only where the hardware has FMA: the software fallback of a fused multiply-add is far slower than two roundings.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 MultiplyAdd(Simd128 left, Simd128 right, Simd128 addend) =>
        SimdDispatch.HasFusedMultiplyAdd ? new(Vector128.FusedMultiplyAdd(left.Value, right.Value, addend.Value)) : left * right + addend;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Min(Simd128 left, Simd128 right) => new(Vector128.MinNative(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Max(Simd128 left, Simd128 right) => new(Vector128.MaxNative(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Abs(Simd128 value) => new(Vector128.Abs(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Sqrt(Simd128 value) => new(Vector128.Sqrt(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Exp(Simd128 value) => new(Vector128.Exp(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 Log(Simd128 value) => new(Vector128.Log(value.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 GreaterThan(Simd128 left, Simd128 right) => new(Vector128.GreaterThan(left.Value, right.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 EqualBits(Simd128 left, Simd128 right) => new(Vector128.Equals(left.Value.AsInt32(), right.Value.AsInt32()).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 PlusLaneNumber(Simd128 indices) => new((indices.Value.AsInt32() + Vector128<int>.Indices).AsSingle());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd128 ConditionalSelect(Simd128 mask, Simd128 ifTrue, Simd128 ifFalse) =>
        new(Vector128.ConditionalSelect(mask.Value, ifTrue.Value, ifFalse.Value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Simd128 value) => Vector128.Sum(value.Value);
}
