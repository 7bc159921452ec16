using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitPooling(PoolOp op) => new OpenClPooling(op);
}

/// <summary>Max or average pooling, one work-item per output value forward and one per input value backward (a gather,
/// no atomics). Max pooling stores each window's arg-max as an integer in its float slot (<c>as_float</c>/<c>as_int</c>,
/// exact for any index); average pooling does not count the padding, as on the CPU.</summary>
internal sealed class OpenClPooling : OpenClLayer
{
    private readonly PoolOp _op;

    public OpenClPooling(PoolOp op) : base(op) => _op = op;

    public override void WriteForward(OpenClProgramBuilder program)
    {
        var w = _op.Window;
        string name = _op.Name + "_forward", output = Slot(_op.Buffers.Output);
        int outSize = _op.Output.Size;
        string cell = $"((iy0 + ky) * {Literals.Int(w.InputWidth)} + ix0 + kx) * {Literals.Int(w.InputChannels)} + c";
        int kernel = EachKernel(program, name,
            $"{_op.Name}: {_op.Description} {_op.Input} \u2192 {_op.Output} forward, one work-item per output value" +
            (_op.IsMax ? "; keeps the arg-max for backward." : "; the padding is not counted."),
            RowsTimes(outSize), body =>
            {
                OpenClWindow.Position(body, w, "e", outSize, "oy", "ox", w.OutputWidth);
                body.Line($"const int iy0 = oy * {w.Stride}{OpenClWindow.Offset(-w.PadTop)}, ix0 = ox * {w.Stride}{OpenClWindow.Offset(-w.PadLeft)};");
                body.Line($"const int ky0 = max(0, -iy0), ky1 = min({w.WindowHeight}, {w.InputHeight} - iy0);");
                body.Line($"const int kx0 = max(0, -ix0), kx1 = min({w.WindowWidth}, {w.InputWidth} - ix0);");
                body.Line($"__global const float* x = {Slot(_op.Buffers.Input)} + (size_t)r * {_op.Input.Size};");
                if (_op.IsMax)
                {
                    string argmax = Slot(_op.Buffers.Kept);
                    body.Line($"if (ky0 >= ky1 || kx0 >= kx1) {{ {output}[e] = 0.0f; {argmax}[e] = as_float(-1); return; }}");
                    body.Line($"int at = ((iy0 + ky0) * {w.InputWidth} + ix0 + kx0) * {w.InputChannels} + c;");
                    body.Line($"float best = x[at];");
                    body.Line($"for (int ky = ky0; ky < ky1; ky++)");
                    body.Line($"    for (int kx = kx0; kx < kx1; kx++) {{ const int k = {cell}; if (x[k] > best) {{ best = x[k]; at = k; }} }}");
                    body.Line($"{output}[e] = best;");
                    body.Line($"{argmax}[e] = as_float(at);");
                }
                else
                {
                    body.Line($"const int cells = max(0, ky1 - ky0) * max(0, kx1 - kx0);");
                    body.Line($"float sum = 0.0f;");
                    body.Line($"for (int ky = ky0; ky < ky1; ky++)");
                    body.Line($"    for (int kx = kx0; kx < kx1; kx++) sum += x[{cell}];");
                    body.Line($"{output}[e] = cells == 0 ? 0.0f : sum * (1.0f / cells);");
                }
            });
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, RowsTimes(outSize), 0, _op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        var w = _op.Window;
        string name = _op.Name + "_backward", gradient = Slot(_op.Buffers.OutputGradient);
        int inSize = _op.Input.Size;
        int kernel = EachKernel(program, name,
            $"{_op.Name} backward: each input value gathers the gradient of the windows that cover it" +
            (_op.IsMax ? " and chose it as their maximum." : ", shared over each window's cells."),
            RowsTimes(inSize), body =>
            {
                OpenClWindow.Position(body, w, "e", inSize, "iy", "ix", w.InputWidth);
                body.Line($"float sum = 0.0f;");
                using (body.Block($"for (int ky = 0; ky < {w.WindowHeight}; ky++)"))
                {
                    OpenClWindow.CoveringCell(body, "oy", "iy", "ky", w.PadTop, w.Stride, w.OutputHeight);
                    using (body.Block($"for (int kx = 0; kx < {w.WindowWidth}; kx++)"))
                    {
                        OpenClWindow.CoveringCell(body, "ox", "ix", "kx", w.PadLeft, w.Stride, w.OutputWidth);
                        body.Line($"const size_t o = (size_t)r * {_op.Output.Size} + (oy * {w.OutputWidth} + ox) * {w.InputChannels} + c;");
                        if (_op.IsMax)
                            body.Line($"if (as_int({Slot(_op.Buffers.Kept)}[o]) == rest) sum += {gradient}[o];");
                        else
                        {
                            body.Line($"const int iy0 = oy * {w.Stride}{OpenClWindow.Offset(-w.PadTop)}, ix0 = ox * {w.Stride}{OpenClWindow.Offset(-w.PadLeft)};");
                            body.Line($"const int cells = (min({w.WindowHeight}, {w.InputHeight} - iy0) - max(0, -iy0)) * (min({w.WindowWidth}, {w.InputWidth} - ix0) - max(0, -ix0));");
                            body.Line($"sum += {gradient}[o] * (1.0f / cells);");
                        }
                    }
                }
                body.Line($"{Slot(inputGradient)}[e] = sum;");
            });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, RowsTimes(inSize), 0, _op.Name + " input gradient"));
    }
}
