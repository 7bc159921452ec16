using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitConv2D(ConvOp op) => new OpenClConv2D(op);
}

/// <summary>Conv2D: the shared products of <see cref="OpenClWeighted"/> reading im2col patches on the fly; its input
/// gradient is col2im as an implicit product, without atomics. (BatchNormalization is not folded into it here: the
/// OpenCL backend runs the two layers one after the other at inference.)</summary>
internal sealed class OpenClConv2D : OpenClWeighted
{
    private readonly ConvOp _op;

    public OpenClConv2D(ConvOp op) : base(op, dropout: null) => _op = op;

    protected override string Input(string m, string l) => $"{_op.Name}_patch({Slot(_op.Buffers.Input)}, {m}, {l})";

    /// <summary>The input gradient as an implicit product (col2im without atomics): dX(m, c) = Σ over taps (ky, kx) and
    /// filters f of dz(the output cell whose window puts tap (ky, kx) on input position m, f) · W(ky, kx, c, f), where
    /// the left operand is 0 when no cell's window does (padding, stride).</summary>
    protected override void WriteInputGradient(OpenClProgramBuilder program, BufferPlan inputGradient)
    {
        var w = _op.Window;
        int filters = _op.Filters, channels = w.InputChannels, inputCells = w.InputHeight * w.InputWidth;
        string covering = _op.Name + "_covering_dz";
        var source = program.Source;
        source.Line($"// {_op.Name}: dL/dz of the output cell whose window puts tap l / {filters} on input position m = (row, iy, ix), filter l % {filters}; 0 where none does.");
        using (source.Block($"inline float {covering}(__global const float* w, const int cap, const int m, const int l)"))
        {
            source.Line($"const int r = m / {inputCells}, cell = m % {inputCells}, iy = cell / {w.InputWidth}, ix = cell % {w.InputWidth};");
            source.Line($"const int f = l % {filters}, tap = l / {filters}, ky = tap / {w.WindowWidth}, kx = tap % {w.WindowWidth};");
            source.Line($"const int ty = iy{OpenClWindow.Offset(w.PadTop)} - ky, tx = ix{OpenClWindow.Offset(w.PadLeft)} - kx;");
            string outside = w.Stride == 1
                ? $"ty < 0 || ty >= {w.OutputHeight} || tx < 0 || tx >= {w.OutputWidth}"
                : $"ty < 0 || ty % {w.Stride} != 0 || ty / {w.Stride} >= {w.OutputHeight} || tx < 0 || tx % {w.Stride} != 0 || tx / {w.Stride} >= {w.OutputWidth}";
            source.Line($"if ({outside}) return 0.0f;");
            string oy = w.Stride == 1 ? "ty" : $"ty / {w.Stride}", ox = w.Stride == 1 ? "tx" : $"tx / {w.Stride}";
            source.Line($"return {_op.Name}_dz(w, cap, ((size_t)r * {_op.Positions} + {oy} * {w.OutputWidth} + {ox}) * {filters} + f);");
        }
        source.Line();
        string name = _op.Name + "_backward_input";
        int kernel = program.Kernel(name);
        OpenClProduct.Write(source, name, $"{_op.Name} backward: dL/d(input), an implicit product over the taps and filters.",
            iCount: RowsTimes(inputCells), jCount: channels, lCount: Literals.Int(w.WindowHeight * w.WindowWidth * filters),
            left: $"{covering}(w, cap, i, l)", right: $"p[{Tensor(_op.Weights)} + ((l / {filters}) * {channels} + j) * {filters} + l % {filters}]",
            new[] { $"{Slot(inputGradient)}[(size_t)i * {Literals.Int(channels)} + j] = acc;" });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Product, RowsTimes(inputCells), channels, _op.Name + " input gradient", Role: LaunchRole.InputGradient));
    }

    /// <summary>The im2col read of a convolution, done on the fly: the input under kernel tap l of output cell m.</summary>
    protected override void WriteHelpers(CodeWriter source)
    {
        var w = _op.Window;
        int channels = w.InputChannels;
        source.Line($"// {_op.Name}: the input value under kernel tap l = (ky, kx, c) of output cell m = (row, oy, ox); 0 in the padding.");
        using (source.Block($"inline float {_op.Name}_patch(__global const float* x, const int m, const int l)"))
        {
            source.Line($"const int r = m / {_op.Positions}, cell = m % {_op.Positions}, oy = cell / {w.OutputWidth}, ox = cell % {w.OutputWidth};");
            source.Line($"const int c = l % {channels}, tap = l / {channels}, ky = tap / {w.WindowWidth}, kx = tap % {w.WindowWidth};");
            source.Line($"const int iy = oy * {w.Stride}{OpenClWindow.Offset(-w.PadTop)} + ky, ix = ox * {w.Stride}{OpenClWindow.Offset(-w.PadLeft)} + kx;");
            source.Line($"return iy >= 0 && iy < {w.InputHeight} && ix >= 0 && ix < {w.InputWidth} ? x[(size_t)r * {w.InputHeight * w.InputWidth * channels} + (iy * {w.InputWidth} + ix) * {channels} + c] : 0.0f;");
        }
        source.Line();
    }
}
