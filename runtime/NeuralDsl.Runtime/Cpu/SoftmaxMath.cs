namespace NeuralDsl.Cpu;

/// <summary>Row-wise softmax, stabilised by subtracting each row's maximum.</summary>
public static class SoftmaxMath
{
    /// <summary><c>output[r] = softmax(input[r])</c> per row; the spans may be the same memory.</summary>
    public static void Forward(ReadOnlySpan<float> input, Span<float> output, int rows, int columns)
    {
        long size = (long)rows * columns;
        if (input.Length < size || output.Length < size)
            throw new ArgumentException($"Softmax over {rows} rows of {columns} needs {size} values but got input {input.Length} and output {output.Length}.");
        var kernel = new ForwardKernel(input, output, rows, columns);
        SimdDispatch.Run(ref kernel);
    }

    /// <summary>Each row's exponentials a vector at a time, the last partial vector through a zero-padded copy, so every
    /// value comes from the vector exp wherever its row lies (the scalar exp, one call each, was 3 % of a 10-class
    /// Predict); the sum then adds them in column order.</summary>
    private readonly ref struct ForwardKernel(ReadOnlySpan<float> input, Span<float> output, int rows, int columns) : ISimdKernel
    {
        private readonly ReadOnlySpan<float> _input = input;
        private readonly Span<float> _output = output;

        public void Run<TV>() where TV : struct, ISimd<TV>
        {
            Span<float> tail = stackalloc float[TV.Count];
            for (int r = 0; r < rows; r++)
            {
                var src = _input.Slice(r * columns, columns);
                var dst = _output.Slice(r * columns, columns);
                float max = float.NegativeInfinity;
                foreach (float v in src) max = MathF.Max(max, v);
                var shift = TV.Create(max);
                int j = 0;
                for (; j + TV.Count <= columns; j += TV.Count) TV.Exp(TV.Load(in src[j], 0) - shift).Store(ref dst[j], 0);
                if (j < columns)
                {
                    tail.Clear();
                    src[j..].CopyTo(tail);
                    TV.Exp(TV.Load(in tail[0], 0) - shift).Store(ref tail[0], 0);
                    tail[..(columns - j)].CopyTo(dst[j..]);
                }
                float sum = 0f;
                foreach (float v in dst) sum += v;
                float inverse = 1f / sum;
                for (int k = 0; k < columns; k++) dst[k] *= inverse;
            }
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
