namespace NeuralDsl.Cpu;

/// <summary>
/// Row-major single-precision matrix products in the three forms a dense layer needs. All three take
/// the same (m, k, n) as the forward product C[m×n] = A[m×k]·B[k×n], so a layer passes (rows, inputs,
/// units) to each; every form overwrites its destination.
/// </summary>
/// <remarks>
/// <para>All three forms run one register-blocked micro-kernel (<see cref="GemmEngine"/>): a tile of output rows ×
/// output columns lives in vector accumulators while the whole reduction runs, the right-hand operand is packed into
/// panels as wide as the tile (zero-padded, transposed for <see cref="Nt"/>), and the left-hand operand is read in place
/// through a (row, column) stride pair, so <see cref="Tn"/> needs no transposed copy of its input. The tile follows the
/// hardware: 8×32 in sixteen 512-bit registers with AVX-512, 6×16 in twelve 256-bit registers with AVX2 and FMA, 6×8
/// with 128-bit vectors, and 6×2 floats without SIMD.</para>
/// <para>Every output value is the sum <c>Σ_p a(i,p)·b(p,j)</c> accumulated with multiply-adds (fused where the
/// hardware has FMA) in increasing p, by exactly one tile, whatever the number of threads: results are bit-for-bit
/// the same serially and in parallel on one machine, and agree across instruction sets up to rounding.</para>
/// </remarks>
public static class Gemm
{
    /// <summary>
    /// Most threads one product may use (default: <see cref="Environment.ProcessorCount"/>). Products
    /// smaller than about 8 million multiply-adds always run on the calling thread. The results do not
    /// depend on this setting: every output value is computed by one thread in a fixed order.
    /// </summary>
    public static int MaxDegreeOfParallelism
    {
        get => GemmEngine.MaxThreads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            GemmEngine.MaxThreads = value;
        }
    }

    /// <summary>Forward: <c>c[m×n] = a[m×k] · b[k×n]</c>.</summary>
    public static void Nn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * k, b, k * n, c, m * n);
        GemmEngine.Nn<Linear>(a, b, default, c, m, k, n);
    }

    /// <summary>Weight gradient: <c>c[k×n] = a[m×k]ᵀ · b[m×n]</c>.</summary>
    public static void Tn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * k, b, m * n, c, k * n);
        GemmEngine.Tn(a, b, c, m, k, n);
    }

    /// <summary>Input gradient: <c>c[m×k] = a[m×n] · b[k×n]ᵀ</c>.</summary>
    public static void Nt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * n, b, k * n, c, m * k);
        GemmEngine.Nt(a, b, c, m, k, n);
    }

    internal static void Check(ReadOnlySpan<float> a, int aLength, ReadOnlySpan<float> b, int bLength, Span<float> c, int cLength)
    {
        if (a.Length < aLength || b.Length < bLength || c.Length < cLength)
            throw new ArgumentException($"Matrix buffers too small: need {aLength}, {bLength}, {cLength} floats but got {a.Length}, {b.Length}, {c.Length}.");
    }
}
