using NeuralDsl.Cpu;

namespace NeuralDsl;

/// <summary>
/// Draws distinct combination numbers for a random search with the library's own generator, so that a seed gives
/// the same trials on every .NET version and platform.
/// </summary>
internal static class CombinationSampler
{
    /// <summary><paramref name="count"/> distinct numbers in [0, <paramref name="total"/>), in the order drawn.</summary>
    public static long[] Draw(long total, int count, int seed)
    {
        var random = new RandomSource((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 0x5EA2C4UL);
        var drawn = new long[count];
        if (count > total / 2)
        {
            // Most of the grid: the first `count` places of a Fisher–Yates shuffle of all of it (total < 2·count fits an array).
            var all = new long[total];
            for (long i = 0; i < total; i++) all[i] = i;
            for (int i = 0; i < count; i++)
            {
                long j = i + Below(random, total - i);
                (all[i], all[j]) = (all[j], all[i]);
                drawn[i] = all[i];
            }
            return drawn;
        }
        // A small part of a possibly huge grid: draw again on a repeat (fewer than two draws per trial on average).
        var seen = new HashSet<long>(count);
        for (int i = 0; i < count;)
        {
            long number = Below(random, total);
            if (seen.Add(number)) drawn[i++] = number;
        }
        return drawn;
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>) without modulo bias (Lemire's multiply-and-reject, on 64 bits).</summary>
    private static long Below(RandomSource random, long bound)
    {
        ulong range = (ulong)bound;
        ulong high = Math.BigMul(random.NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold) high = Math.BigMul(random.NextUInt64(), range, out low);
        }
        return (long)high;
    }
}
