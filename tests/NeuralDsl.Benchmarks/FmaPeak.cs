using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Benchmarks;

/// <summary>
/// The machine's multiply-add peak, measured rather than taken from a data sheet (a VM's clock is not the box's): every
/// core runs twelve independent chains of fused multiply-adds on the widest vectors for a fixed time, and the best of
/// three rounds counts. The limit against which GFLOP/s figures are quoted as a share.
/// </summary>
public static class FmaPeak
{
    /// <summary>GFLOP/s of all cores together (one multiply-add = 2 FLOP).</summary>
    public static double Measure(int threads = 0, bool widest = true)
    {
        threads = threads > 0 ? threads : Environment.ProcessorCount;
        double best = 0;
        for (int round = 0; round < 3; round++)
        {
            var flops = new double[threads];
            var workers = new Thread[threads];
            for (int t = 0; t < threads; t++)
            {
                int index = t;
                workers[t] = new Thread(() => flops[index] = widest && Vector512.IsHardwareAccelerated ? Chains<Vector512<float>>(0.3) : Chains<Vector256<float>>(0.3));
                workers[t].Start();
            }
            foreach (var worker in workers) worker.Join();
            best = Math.Max(best, flops.Sum() / 1e9);
        }
        return best;
    }

    /// <summary>FLOP/s of one thread running twelve multiply-add chains for about <paramref name="seconds"/>.</summary>
    private static double Chains<TV>(double seconds)
    {
        const int Iterations = 10_000;
        int lanes = typeof(TV) == typeof(Vector512<float>) ? 16 : 8;
        long iterations = 0;
        var clock = Stopwatch.StartNew();
        float sink = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            sink += lanes == 16 ? Block512(Iterations) : Block256(Iterations);
            iterations += Iterations;
        }
        Sink(sink);
        return iterations * 12.0 * lanes * 2 / clock.Elapsed.TotalSeconds;
    }

    // One block of chains per call, so that the twelve accumulators live in registers (across a call or a timer read in
    // the loop, the JIT keeps them on the stack, and the store-to-load latency halves the rate). Fully optimised from the
    // first call, which lasts long enough for unoptimised code to count.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Block512(int iterations)
    {
        Vector512<float> m = Vector512.Create(0.999999f), a = Vector512.Create(1e-7f);
        Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a);
            c2 = Vector512.FusedMultiplyAdd(c2, m, a); c3 = Vector512.FusedMultiplyAdd(c3, m, a);
            c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
            c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a);
            c8 = Vector512.FusedMultiplyAdd(c8, m, a); c9 = Vector512.FusedMultiplyAdd(c9, m, a);
            c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
        }
        return ((c0 + c1 + c2 + c3) + (c4 + c5 + c6 + c7) + (c8 + c9 + c10 + c11)).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Block256(int iterations)
    {
        Vector256<float> m = Vector256.Create(0.999999f), a = Vector256.Create(1e-7f);
        Vector256<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a;
        for (int i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, m, a); c1 = Vector256.FusedMultiplyAdd(c1, m, a);
            c2 = Vector256.FusedMultiplyAdd(c2, m, a); c3 = Vector256.FusedMultiplyAdd(c3, m, a);
            c4 = Vector256.FusedMultiplyAdd(c4, m, a); c5 = Vector256.FusedMultiplyAdd(c5, m, a);
            c6 = Vector256.FusedMultiplyAdd(c6, m, a); c7 = Vector256.FusedMultiplyAdd(c7, m, a);
            c8 = Vector256.FusedMultiplyAdd(c8, m, a); c9 = Vector256.FusedMultiplyAdd(c9, m, a);
            c10 = Vector256.FusedMultiplyAdd(c10, m, a); c11 = Vector256.FusedMultiplyAdd(c11, m, a);
        }
        return ((c0 + c1 + c2 + c3) + (c4 + c5 + c6 + c7) + (c8 + c9 + c10 + c11)).ToScalar();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Sink(float value) => GC.KeepAlive(value);
}
