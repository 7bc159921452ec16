namespace NeuralDsl.Cpu;

/// <summary>
/// One axis of a translation by <c>offset</c> pixels (output[i] = input[i − offset]) as the one or two source pixels
/// every output pixel reads: source <c>i + Shift(t)</c> with weight <c>Weight(t)</c>. A translation moves every pixel by
/// the same amount, so the taps are the same all along the axis.
/// </summary>
internal readonly struct TranslationAxis
{
    private readonly int _shift;
    private readonly float _firstWeight, _secondWeight;

    private TranslationAxis(int shift, float firstWeight, float secondWeight, int count)
    {
        _shift = shift;
        _firstWeight = firstWeight;
        _secondWeight = secondWeight;
        Count = count;
    }

    /// <summary>The taps of one axis. Bilinear: the sample <c>i − offset</c> lies between source pixels
    /// <c>i + floor(−offset)</c> and the next, weighted <c>1 − f</c> and <c>f</c> (f the fractional part; one tap when
    /// f = 0, so an integer offset is an exact shift). Nearest: the one pixel <c>i + floor(0.5 − offset)</c> (a sample
    /// exactly halfway goes to the later pixel).</summary>
    public static TranslationAxis Create(float offset, Interpolation interpolation)
    {
        if (!float.IsFinite(offset) || MathF.Abs(offset) > MaxOffset)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"A translation offset must be finite and at most {MaxOffset} pixels.");
        if (interpolation == Interpolation.Nearest) return new((int)MathF.Floor(0.5f - offset), 1f, 0f, 1);
        float shift = MathF.Floor(-offset);
        float fraction = -offset - shift; // exact: both terms share the offset's scale
        return fraction == 0f ? new((int)shift, 1f, 0f, 1) : new((int)shift, 1f - fraction, fraction, 2);
    }

    /// <summary>Offsets beyond this (far beyond any image) are rejected rather than overflow an index.</summary>
    public const float MaxOffset = 1 << 24;

    /// <summary>1 or 2.</summary>
    public int Count { get; }

    public int Shift(int tap) => _shift + tap;

    public float Weight(int tap) => tap == 0 ? _firstWeight : _secondWeight;

    /// <summary>
    /// The pixel of an axis of <paramref name="length"/> that <paramref name="index"/> (possibly outside it) reads under
    /// <paramref name="fillMode"/>, or −1 for <see cref="FillMode.Constant"/>'s fill value. Reflect mirrors about the
    /// edge of the last pixel (<c>d c b a | a b c d | d c b a</c>, period 2·length), wrap repeats (period length),
    /// nearest clamps.
    /// </summary>
    public static int Extend(int index, int length, FillMode fillMode)
    {
        if ((uint)index < (uint)length) return index;
        switch (fillMode)
        {
            case FillMode.Reflect:
                int period = 2 * length, folded = Modulo(index, period);
                return folded < length ? folded : period - 1 - folded;
            case FillMode.Wrap:
                return Modulo(index, length);
            case FillMode.Nearest:
                return index < 0 ? 0 : length - 1;
            default:
                return -1;
        }
    }

    private static int Modulo(int value, int divisor)
    {
        int remainder = value % divisor;
        return remainder < 0 ? remainder + divisor : remainder;
    }
}
