using System.Buffers;

namespace NeuralDsl.Cpu;

/// <summary>
/// A stride-1 convolution's input gradient without im2col: <c>dx[n, iy, ix, c] = Σ_{ky, kx, f} dz[n, iy + PadTop − ky,
/// ix + PadLeft − kx, f] · W[ky, kx, c, f]</c> is itself a forward convolution (<see cref="DirectConvolution"/>) of the
/// output gradient, zero-padded by <c>window − 1 − pad</c>, with the kernel turned half a circle and its channels and
/// filters swapped.
/// </summary>
/// <remarks>The im2col form wrote <c>dz · Wᵀ</c> as columns nine times the size of the input (for a 3×3 window) and then
/// added them back onto it: both passes ran at memory speed, slower than the product itself. Strided windows keep the
/// im2col form (their gradient is a convolution over a dilated dz).</remarks>
internal static unsafe class DirectInputGradient
{
    /// <summary>Whether the input gradient of <paramref name="w"/> runs here: every stride 1.</summary>
    public static bool Applies(in Window2D w) => w.StrideHeight == 1 && w.StrideWidth == 1;

    /// <summary>The forward window of the gradient convolution: over the output gradient (<paramref name="filters"/>
    /// channels), padded by <c>window − 1 − pad</c>, onto the input's cells.</summary>
    public static Window2D Transposed(in Window2D w, int filters) => new(
        InputHeight: w.OutputHeight, InputWidth: w.OutputWidth, InputChannels: filters,
        WindowHeight: w.WindowHeight, WindowWidth: w.WindowWidth, StrideHeight: 1, StrideWidth: 1,
        PadTop: w.WindowHeight - 1 - w.PadTop, PadLeft: w.WindowWidth - 1 - w.PadLeft,
        OutputHeight: w.InputHeight, OutputWidth: w.InputWidth);

    /// <summary>Overwrites <paramref name="inputGradient"/> (<paramref name="rows"/> images) with dL/dx from the output
    /// gradient <paramref name="dz"/>; <paramref name="frames"/> holds <paramref name="chunk"/> frames of the
    /// <see cref="Transposed"/> window.</summary>
    public static void Compute(float* dz, float* kernel, float* inputGradient, float* frames, int chunk, int rows, in Window2D w, int filters,
        GemmPath path)
    {
        int channels = w.InputChannels, length = w.WindowHeight * w.WindowWidth * channels * filters;
        float[] turned = ArrayPool<float>.Shared.Rent(length);
        fixed (float* pt = turned)
        {
            Turn(kernel, pt, w, filters);
            DirectConvolution.Forward<Linear>(dz, pt, null, inputGradient, frames, chunk, rows, Transposed(w, filters), channels, path);
        }
        ArrayPool<float>.Shared.Return(turned);
    }

    /// <summary><c>turned[WH−1−ky, WW−1−kx, f, c] = kernel[ky, kx, c, f]</c>.</summary>
    private static void Turn(float* kernel, float* turned, in Window2D w, int filters)
    {
        int channels = w.InputChannels, cell = channels * filters;
        for (int ky = 0; ky < w.WindowHeight; ky++)
            for (int kx = 0; kx < w.WindowWidth; kx++)
            {
                float* source = kernel + (ky * w.WindowWidth + kx) * cell;
                float* target = turned + ((w.WindowHeight - 1 - ky) * w.WindowWidth + (w.WindowWidth - 1 - kx)) * cell;
                for (int c = 0; c < channels; c++)
                    for (int f = 0; f < filters; f++)
                        target[f * channels + c] = source[c * filters + f];
            }
    }
}
