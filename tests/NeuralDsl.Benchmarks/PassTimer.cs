using System.Diagnostics;

namespace NeuralDsl.Benchmarks;

/// <summary>Times one pass of a kernel the way the Stopwatch harnesses do: half a second of warm-up (long enough for tiered
/// compilation to reach the kernel's final code: 5 calls were not, and the first pass measured ran 4× slower), then a
/// number of calls.</summary>
public static class PassTimer
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(500);

    /// <summary>Median and fastest of <paramref name="calls"/> calls, in ms: on a shared host the fastest is the steadier
    /// figure for comparing two kernels.</summary>
    public static (double Median, double Fastest) Time(Action pass, int calls)
    {
        long warm = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warm) < WarmUp) pass();
        var times = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            pass();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[calls / 2], times[0]);
    }
}
