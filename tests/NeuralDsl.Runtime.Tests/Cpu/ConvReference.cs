using NeuralDsl.Cpu;

namespace NeuralDsl.Runtime.Tests.Cpu;

/// <summary>Direct (nested-loop, double) convolution and its gradients over NHWC images, kernel [KH, KW, Cin, F].</summary>
internal static class ConvReference
{
    /// <summary>z[n, oy, ox, f] = bias[f] + Σ x[n, iy, ix, c] · kernel[ky, kx, c, f] over the cells inside the image.</summary>
    public static double[] Forward(float[] x, float[] kernel, float[] bias, int rows, Window2D w, int filters)
    {
        var z = new double[rows * w.OutputPositions * filters];
        Visit(w, rows, (n, oy, ox, xi, ki) =>
        {
            int o = ((n * w.OutputHeight + oy) * w.OutputWidth + ox) * filters;
            for (int f = 0; f < filters; f++) z[o + f] += (double)x[xi] * kernel[ki * filters + f];
        });
        if (bias.Length > 0)
            for (int i = 0; i < z.Length; i++) z[i] += bias[i % filters];
        return z;
    }

    /// <summary>(dL/dkernel, dL/dbias, dL/dx) from dz, written out of the definition.</summary>
    public static (double[] Kernel, double[] Bias, double[] Input) Backward(float[] x, float[] dz, float[] kernel, int rows, Window2D w, int filters)
    {
        var dk = new double[w.WindowHeight * w.WindowWidth * w.InputChannels * filters];
        var db = new double[filters];
        var dx = new double[rows * w.InputSize];
        Visit(w, rows, (n, oy, ox, xi, ki) =>
        {
            int o = ((n * w.OutputHeight + oy) * w.OutputWidth + ox) * filters;
            for (int f = 0; f < filters; f++)
            {
                dk[ki * filters + f] += (double)x[xi] * dz[o + f];
                dx[xi] += (double)dz[o + f] * kernel[ki * filters + f];
            }
        });
        for (int i = 0; i < dz.Length; i++) db[i % filters] += dz[i];
        return (dk, db, dx);
    }

    /// <summary>Calls <paramref name="cell"/>(n, oy, ox, x index, kernel row) for every window cell inside the image.</summary>
    private static void Visit(Window2D w, int rows, Action<int, int, int, int, int> cell)
    {
        for (int n = 0; n < rows; n++)
            for (int oy = 0; oy < w.OutputHeight; oy++)
                for (int ox = 0; ox < w.OutputWidth; ox++)
                    for (int ky = 0; ky < w.WindowHeight; ky++)
                        for (int kx = 0; kx < w.WindowWidth; kx++)
                        {
                            int iy = oy * w.StrideHeight - w.PadTop + ky, ix = ox * w.StrideWidth - w.PadLeft + kx;
                            if (iy < 0 || iy >= w.InputHeight || ix < 0 || ix >= w.InputWidth) continue;
                            for (int c = 0; c < w.InputChannels; c++)
                                cell(n, oy, ox, ((n * w.InputHeight + iy) * w.InputWidth + ix) * w.InputChannels + c,
                                    (ky * w.WindowWidth + kx) * w.InputChannels + c);
                        }
    }
}
