namespace NeuralDsl.Cpu;

/// <summary>Row-wise softmax, stabilised by subtracting each row's maximum.</summary>
public static class SoftmaxMath
{
    /// <summary><c>output[r] = softmax(input[r])</c> per row; the spans may be the same memory.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
        {
            var src = input.Slice(r * columns, columns);
            var dst = output.Slice(r * columns, columns);
            float max = float.NegativeInfinity;
            foreach (float v in src) max = MathF.Max(max, v);
            float sum = 0f;
            for (int j = 0; j < columns; j++) sum += dst[j] = MathF.Exp(src[j] - max);
            float inverse = 1f / sum;
            for (int j = 0; j < columns; j++) dst[j] *= inverse;
        }
    }

    /// <summary>dL/da → dL/dz in place: <c>g_j = a_j (g_j − Σ_i a_i g_i)</c> (softmax's Jacobian-vector product).</summary>
    public static void Backward(ReadOnlySpan<float> output, Span<float> gradient, int rows, int columns)
    {
        for (int r = 0; r < rows; r++)
        {
            var a = output.Slice(r * columns, columns);
            var g = gradient.Slice(r * columns, columns);
            float dot = VectorOps.Dot(a, g);
            for (int j = 0; j < columns; j++) g[j] = a[j] * (g[j] - dot);
        }
    }
}
