using System.Numerics;

namespace NeuralDsl.Cpu;

/// <summary>
/// A small, fast, seedable generator (xoshiro256**, seeded through SplitMix64). The library owns its
/// algorithm rather than using <see cref="System.Random"/> so that a seed gives the same weights, masks
/// and shuffles on every .NET version and platform.
/// </summary>
public sealed class RandomSource
{
    private ulong _s0, _s1, _s2, _s3;
    private float _spareGaussian = float.NaN;

    public RandomSource(ulong seed) => Reseed(seed);

    /// <summary>Restarts the stream as <c>new RandomSource(seed)</c> would (data-parallel training gives each rank its own
    /// dropout stream this way).</summary>
    internal void Reseed(ulong seed)
    {
        _s0 = SplitMix(ref seed);
        _s1 = SplitMix(ref seed);
        _s2 = SplitMix(ref seed);
        _s3 = SplitMix(ref seed);
        _spareGaussian = float.NaN;
    }

    private static ulong SplitMix(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var state = new State(_s0, _s1, _s2, _s3);
        ulong result = state.Next();
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 bits of precision.</summary>
    public float NextFloat() => ToFloat(NextUInt64());

    /// <summary>Fills <paramref name="values"/> with what as many <see cref="NextFloat"/> calls return, the state held in
    /// registers meanwhile (a call per value loads and stores it: a dropout mask took 9 ns a value).</summary>
    public void NextFloats(Span<float> values)
    {
        var state = new State(_s0, _s1, _s2, _s3);
        foreach (ref float v in values) v = ToFloat(state.Next());
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
    }

    private static float ToFloat(ulong bits) => (bits >> 40) * (1f / (1 << 24));

    /// <summary>The xoshiro256** state as a value, so a loop keeps it in registers.</summary>
    private struct State(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        public ulong S0 = s0, S1 = s1, S2 = s2, S3 = s3;

        public ulong Next()
        {
            ulong result = BitOperations.RotateLeft(S1 * 5, 7) * 9;
            ulong t = S1 << 17;
            S2 ^= S0;
            S3 ^= S1;
            S1 ^= S2;
            S0 ^= S3;
            S2 ^= t;
            S3 = BitOperations.RotateLeft(S3, 45);
            return result;
        }
    }

    /// <summary>Uniform integer in [0, maxExclusive) without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong product = (NextUInt64() >> 32) * (ulong)maxExclusive;
        uint low = (uint)product;
        if (low < (uint)maxExclusive)
        {
            uint threshold = (uint)-maxExclusive % (uint)maxExclusive;
            while (low < threshold)
            {
                product = (NextUInt64() >> 32) * (ulong)maxExclusive;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    /// <summary>Standard normal sample (Box–Muller, caching the second value).</summary>
    public float NextGaussian()
    {
        if (!float.IsNaN(_spareGaussian))
        {
            float spare = _spareGaussian;
            _spareGaussian = float.NaN;
            return spare;
        }
        double u1 = 1.0 - (NextUInt64() >> 11) * (1.0 / (1UL << 53)); // (0, 1]: log is finite
        double u2 = (NextUInt64() >> 11) * (1.0 / (1UL << 53));
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = (float)(radius * Math.Sin(2 * Math.PI * u2));
        return (float)(radius * Math.Cos(2 * Math.PI * u2));
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
