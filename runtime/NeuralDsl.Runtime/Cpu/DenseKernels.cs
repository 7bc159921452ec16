using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>Fully connected layer passes: <c>a = f(x·W + b)</c> with W laid out [inputs, units].</summary>
public static class DenseKernels
{
    /// <summary>
    /// Forward with the bias and the activation fused into the product's epilogue: each output row is
    /// finished while it is still in cache. <paramref name="bias"/> is empty for a layer without bias.
    /// </summary>
    public static void Forward<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias,
        Span<float> output, int rows, int inputs, int units)
        where TActivation : struct, IActivation
    {
        Gemm.Nn(x, kernel, output, rows, inputs, units);
        for (int r = 0; r < rows; r++)
        {
            var row = output.Slice(r * units, units);
            if (!bias.IsEmpty) AddBias(row, bias);
            ActivationKernels.Forward<TActivation>(row, row);
        }
    }

    /// <summary>
    /// Backward from <paramref name="outputGradient"/> (dL/dz, the activation's derivative already
    /// applied): the kernel and bias gradients are overwritten, and the input gradient is written unless
    /// <paramref name="inputGradient"/> is empty (first layer: nothing needs it).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> outputGradient, ReadOnlySpan<float> kernel,
        Span<float> kernelGradient, Span<float> biasGradient, Span<float> inputGradient, int rows, int inputs, int units)
    {
        Gemm.Tn(x, outputGradient, kernelGradient, rows, inputs, units);
        if (!biasGradient.IsEmpty) ColumnSums(outputGradient, biasGradient, rows, units);
        if (!inputGradient.IsEmpty) Gemm.Nt(outputGradient, kernel, inputGradient, rows, inputs, units);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddBias(Span<float> row, ReadOnlySpan<float> bias)
    {
        ref float rr = ref MemoryMarshal.GetReference(row);
        ref float br = ref MemoryMarshal.GetReference(bias);
        int n = row.Length, i = 0;
        for (; i <= n - 16; i += 16)
            (Vector512.LoadUnsafe(ref rr, (nuint)i) + Vector512.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref rr, (nuint)i);
        for (; i < n; i++) Unsafe.Add(ref rr, i) += Unsafe.Add(ref br, i);
    }

    /// <summary><c>sums[j] = Σ_r g[r, j]</c> (bias gradient).</summary>
    public static void ColumnSums(ReadOnlySpan<float> g, Span<float> sums, int rows, int columns)
    {
        sums[..columns].Clear();
        for (int r = 0; r < rows; r++) VectorOps.Axpy(1f, g.Slice(r * columns, columns), sums[..columns]);
    }
}
