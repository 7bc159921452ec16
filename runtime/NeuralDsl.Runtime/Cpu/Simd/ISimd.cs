namespace NeuralDsl.Cpu;

/// <summary>
/// A vector of <see cref="Count"/> floats: the operations the element-wise math is written in, once, generic over the
/// width. <see cref="Simd512"/>, <see cref="Simd256"/>, <see cref="Simd128"/> and <see cref="SimdScalar"/> implement it
/// as thin structs whose members inline to the vector instructions, so a kernel instantiated for one width compiles to
/// the code it would have written by hand (<see cref="SimdDispatch"/> picks the widest accelerated one).
/// </summary>
internal interface ISimd<TSelf> where TSelf : struct, ISimd<TSelf>
{
    /// <summary>Lanes in one vector.</summary>
    static abstract int Count { get; }

    static abstract TSelf Zero { get; }
    static abstract TSelf One { get; }

    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TSelf Create(float value);

    /// <summary>The <see cref="Count"/> floats at <c>source[index]</c>, unaligned and unchecked.</summary>
    static abstract TSelf Load(ref readonly float source, nuint index);

    /// <summary>Writes the lanes to <c>destination[index]</c>, unaligned and unchecked.</summary>
    void Store(ref float destination, nuint index);

    static abstract TSelf operator +(TSelf left, TSelf right);
    static abstract TSelf operator -(TSelf left, TSelf right);
    static abstract TSelf operator *(TSelf left, TSelf right);
    static abstract TSelf operator /(TSelf left, TSelf right);
    static abstract TSelf operator -(TSelf value);

    /// <summary><c>left · right + addend</c>, fused (one rounding) where the hardware has FMA, else two roundings.</summary>
    static abstract TSelf MultiplyAdd(TSelf left, TSelf right, TSelf addend);

    /// <summary>The smaller lanes; where they are equal or either is NaN, the lane of <paramref name="right"/> (SSE's
    /// <c>minps</c>; AdvSimd gives NaN), so a NaN passed on the right stays NaN. One instruction: the IEEE
    /// <c>Vector.Min</c> needs several, which the JIT folds away only for constants it sees, and through these structs it
    /// sees none.</summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    /// <summary>The larger lanes, NaN and equal lanes as <see cref="Min"/>.</summary>
    static abstract TSelf Max(TSelf left, TSelf right);
    static abstract TSelf Abs(TSelf value);
    static abstract TSelf Sqrt(TSelf value);
    static abstract TSelf Exp(TSelf value);
    static abstract TSelf Log(TSelf value);

    /// <summary>A mask for <see cref="ConditionalSelect"/>: all bits set in the lanes where <c>left &gt; right</c>, else zero.</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>A mask for <see cref="ConditionalSelect"/>: all bits set in the lanes whose bits are equal (int32 indices held
    /// as bits, <see cref="PlusLaneNumber"/>: a float comparison would call equal NaN patterns unequal and ±0 equal), else zero.</summary>
    static abstract TSelf EqualBits(TSelf left, TSelf right);

    /// <summary><paramref name="ifTrue"/> in the lanes where <paramref name="mask"/> (from <see cref="GreaterThan"/> or <see cref="EqualBits"/>) is set,
    /// else <paramref name="ifFalse"/>.</summary>
    static abstract TSelf ConditionalSelect(TSelf mask, TSelf ifTrue, TSelf ifFalse);

    /// <summary>The sum of the lanes.</summary>
    static abstract float Sum(TSelf value);

    /// <summary>Lanes that hold int32 indices as their bits (selected and stored, never computed on as floats), each plus its
    /// lane number: the index of lane 0's element becomes every lane's own.</summary>
    static abstract TSelf PlusLaneNumber(TSelf indices);
}
