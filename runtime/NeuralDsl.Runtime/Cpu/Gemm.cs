namespace NeuralDsl.Cpu;

/// <summary>
/// Row-major single-precision matrix products in the three forms a dense layer needs. All three take
/// the same (m, k, n) as the forward product C[m×n] = A[m×k]·B[k×n], so a layer passes (rows, inputs,
/// units) to each; every form overwrites its destination.
/// </summary>
public static class Gemm
{
    /// <summary>Forward: <c>c[m×n] = a[m×k] · b[k×n]</c>.</summary>
    public static void Nn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * k, b, k * n, c, m * n);
        c[..(m * n)].Clear();
        for (int i = 0; i < m; i++)
        {
            var crow = c.Slice(i * n, n);
            var arow = a.Slice(i * k, k);
            for (int p = 0; p < k; p++)
            {
                float aip = arow[p];
                if (aip != 0f) VectorOps.Axpy(aip, b.Slice(p * n, n), crow); // inputs after ReLU or raw pixels are often 0
            }
        }
    }

    /// <summary>Weight gradient: <c>c[k×n] = a[m×k]ᵀ · b[m×n]</c>.</summary>
    public static void Tn(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * k, b, m * n, c, k * n);
        c[..(k * n)].Clear();
        for (int r = 0; r < m; r++)
        {
            var brow = b.Slice(r * n, n);
            var arow = a.Slice(r * k, k);
            for (int p = 0; p < k; p++)
            {
                float arp = arow[p];
                if (arp != 0f) VectorOps.Axpy(arp, brow, c.Slice(p * n, n));
            }
        }
    }

    /// <summary>Input gradient: <c>c[m×k] = a[m×n] · b[k×n]ᵀ</c>.</summary>
    public static void Nt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * n, b, k * n, c, m * k);
        for (int i = 0; i < m; i++)
        {
            var arow = a.Slice(i * n, n);
            var crow = c.Slice(i * k, k);
            for (int p = 0; p < k; p++) crow[p] = VectorOps.Dot(arow, b.Slice(p * n, n));
        }
    }

    private static void Check(ReadOnlySpan<float> a, int aLength, ReadOnlySpan<float> b, int bLength, Span<float> c, int cLength)
    {
        if (a.Length < aLength || b.Length < bLength || c.Length < cLength)
            throw new ArgumentException($"Matrix buffers too small: need {aLength}, {bLength}, {cLength} floats but got {a.Length}, {b.Length}, {c.Length}.");
    }
}
