namespace NeuralDsl.Cpu;

/// <summary>Fully connected layer passes: <c>a = f(x·W + b)</c> with W laid out [inputs, units].</summary>
public static class DenseMath
{
    /// <summary>
    /// Forward with the bias and the activation fused into the product's epilogue: each output tile
    /// is finished while it is still in registers. <paramref name="bias"/> is empty for a layer without bias.
    /// </summary>
    public static void Forward<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias,
        Span<float> output, int rows, int inputs, int units)
        where TActivation : struct, IActivation
    {
        Gemm.Check(x, rows * inputs, kernel, inputs * units, output, rows * units);
        if (!bias.IsEmpty && bias.Length < units)
            throw new ArgumentException($"The bias holds {bias.Length} values but the layer has {units} units.", nameof(bias));
        // The bias seeds the accumulators and the activation is applied to each register tile on its way out.
        GemmEngine.Nn<TActivation>(x, kernel, bias, output, rows, inputs, units);
    }

    /// <summary>
    /// Backward from <paramref name="outputGradient"/> (dL/dz, the activation's derivative already
    /// applied): the kernel and bias gradients are overwritten unless empty (a frozen layer computes none), and the input
    /// gradient is written unless <paramref name="inputGradient"/> is empty (first layer: nothing needs it).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> kernel,
        Span<float> kernelGradient, Span<float> biasGradient, Span<float> inputGradient, int rows, int inputs, int units)
    {
        if (!kernelGradient.IsEmpty) Gemm.Tn(x, outputGradient, kernelGradient, rows, inputs, units);
        if (!biasGradient.IsEmpty) ColumnSums(outputGradient, biasGradient, rows, units);
        if (!inputGradient.IsEmpty) Gemm.Nt(outputGradient, kernel, inputGradient, rows, inputs, units);
    }

    /// <summary><c>sums[j] = Σ_r g[r, j]</c> (bias gradient).</summary>
    public static void ColumnSums(ReadOnlySpan<float> g, Span<float> sums, int rows, int columns)
    {
        sums[..columns].Clear();
        for (int r = 0; r < rows; r++) VectorOps.Axpy(1f, g.Slice(r * columns, columns), sums[..columns]);
    }
}
