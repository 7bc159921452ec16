using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.OpenCl.OpenClNames;

namespace NeuralDsl.Generators.Emit.OpenCl;

internal sealed partial class OpenClLayers
{
    public OpenClLayer VisitRandomFlip(RandomFlipOp op) => new OpenClRandomFlip(op);

    public OpenClLayer VisitRandomTranslation(RandomTranslationOp op) => new OpenClRandomTranslation(op);
}

/// <summary>What the augmentation layers share: a per-row kernel that draws in a fresh training pass (a pass with frozen
/// masks reuses the draws, inference draws nothing) from the counter-based stream dropout uses, keyed by the layer's index
/// and the row, and the index arithmetic of an image value.</summary>
internal abstract class OpenClAugmentation : OpenClLayer
{
    protected OpenClAugmentation(OpPlan op) : base(op)
    {
    }

    protected int Height => Op.Input.Dims[0];

    protected int Width => Op.Input.Dims[1];

    protected int Channels => Op.Input.Dims[2];

    protected string Draws => Slot(Op.Buffers.Kept);

    /// <summary>r, y, x, c of flat index e.</summary>
    protected void Position(CodeWriter body) =>
        body.Line($"const int r = e / {Literals.Int(Op.Input.Size)}, rest = e % {Literals.Int(Op.Input.Size)}, c = rest % {Literals.Int(Channels)}, cell = rest / {Literals.Int(Channels)}, y = cell / {Literals.Int(Width)}, x = cell % {Literals.Int(Width)};");

    protected string Pixel(string slot, string y, string x) => $"{slot}[(size_t)r * {Literals.Int(Op.Input.Size)} + ({y} * {Literals.Int(Width)} + {x}) * {Literals.Int(Channels)} + c]";

    protected void WriteDraws(OpenClProgramBuilder program, string what, System.Action<CodeWriter, string> draw)
    {
        string name = Op.Name + "_draws";
        string uniform = program.Prelude.Uniform();
        int index = program.IndexOf(Op);
        int kernel = EachKernel(program, name, $"{Op.Name}: {what} per row, drawn in a fresh training pass only.", "rows", body =>
        {
            body.Line($"if (mode != MODE_TRAINING) return;");
            draw(body, $"{uniform}(seed, {Literals.Int(index)}u, (uint)(2 * e))");
        });
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, "rows", 0, Op.Name + " draws"));
    }
}

/// <summary>RandomFlip: one draw per row (both enabled axes flip together, as Keras 3), then one work-item per value.</summary>
internal sealed class OpenClRandomFlip : OpenClAugmentation
{
    private readonly RandomFlipOp _op;

    public OpenClRandomFlip(RandomFlipOp op) : base(op) => _op = op;

    private string Source(CodeWriter body)
    {
        body.Line($"const int sy = {Draws}[2 * r] != 0.0f ? {Literals.Int(Height - 1)} - y : y, sx = {Draws}[2 * r + 1] != 0.0f ? {Literals.Int(Width - 1)} - x : x;");
        return "";
    }

    public override void WriteForward(OpenClProgramBuilder program)
    {
        WriteDraws(program, "whether it flips", (body, draw) =>
        {
            body.Line($"const float flip = {draw} < 0.5f ? 1.0f : 0.0f;");
            body.Line($"{Draws}[2 * e] = {(_op.Vertical ? "flip" : "0.0f")}; // upside down");
            body.Line($"{Draws}[2 * e + 1] = {(_op.Horizontal ? "flip" : "0.0f")}; // left-right");
        });
        string name = _op.Name + "_forward", count = RowsTimes(_op.Output.Size), input = Slot(_op.Buffers.Input);
        int kernel = EachKernel(program, name, $"{_op.Name}: {_op.Description} on {_op.Input}, one work-item per value; the identity at inference.", count, body =>
        {
            body.Line($"if (mode == MODE_INFERENCE) {{ {Slot(_op.Buffers.Output)}[e] = {input}[e]; return; }}");
            Position(body);
            Source(body);
            body.Line($"{Slot(_op.Buffers.Output)}[e] = {Pixel(input, "sy", "sx")};");
        });
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        string name = _op.Name + "_backward", count = RowsTimes(_op.Input.Size);
        int kernel = EachKernel(program, name, $"{_op.Name} backward: the gradient flipped back (a flip is its own inverse).", count, body =>
        {
            Position(body);
            Source(body);
            body.Line($"{Slot(inputGradient)}[e] = {Pixel(Slot(_op.Buffers.OutputGradient), "sy", "sx")};");
        });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Name + " input gradient"));
    }
}

/// <summary>RandomTranslation: output (y, x) samples the input at (y − dy, x − dx) from the image extended by the fill mode,
/// each of the (up to) four taps mapped on its own, as the CPU's <c>AugmentationMath</c>. Backward runs one work-item per
/// (row, channel) that scatters the whole image's gradient, so no two work-items write one value.</summary>
internal sealed class OpenClRandomTranslation : OpenClAugmentation
{
    private readonly RandomTranslationOp _op;

    public OpenClRandomTranslation(RandomTranslationOp op) : base(op) => _op = op;

    private string Extend => _op.Name + "_extend";

    /// <summary>The pixel an index outside an axis reads (or −1: the fill value), as <c>TranslationAxis.Extend</c>.</summary>
    private void WriteExtend(CodeWriter source)
    {
        source.Line($"// {_op.Name}: the pixel index i of an axis of n reads under fill mode {_op.FillMode}, or -1 for the fill value.");
        using (source.Block($"inline int {Extend}(const int i, const int n)"))
        {
            source.Line($"if (i >= 0 && i < n) return i;");
            switch (_op.FillMode)
            {
                case FillMode.Reflect:
                    source.Line($"const int folded = ((i % (2 * n)) + 2 * n) % (2 * n); // d c b a | a b c d | d c b a");
                    source.Line($"return folded < n ? folded : 2 * n - 1 - folded;");
                    break;
                case FillMode.Wrap:
                    source.Line($"return ((i % n) + n) % n;");
                    break;
                case FillMode.Nearest:
                    source.Line($"return i < 0 ? 0 : n - 1;");
                    break;
                default:
                    source.Line($"return -1;");
                    break;
            }
        }
        source.Line();
    }

    /// <summary>Each axis's first tap and weights: bilinear between floor(−offset) and the next, or the nearest pixel.</summary>
    private void Taps(CodeWriter body)
    {
        body.Line($"const float dy = {Draws}[2 * r], dx = {Draws}[2 * r + 1];");
        if (_op.Interpolation == Interpolation.Nearest)
        {
            body.Line($"const int sy = (int)floor(0.5f - dy), sx = (int)floor(0.5f - dx);");
            body.Line($"const float wy[2] = {{ 1.0f, 0.0f }}, wx[2] = {{ 1.0f, 0.0f }};");
        }
        else
        {
            body.Line($"const float fy = floor(-dy), fx = floor(-dx);");
            body.Line($"const int sy = (int)fy, sx = (int)fx;");
            body.Line($"const float wy[2] = {{ 1.0f - (-dy - fy), -dy - fy }}, wx[2] = {{ 1.0f - (-dx - fx), -dx - fx }};");
        }
    }

    public override void WriteForward(OpenClProgramBuilder program)
    {
        WriteDraws(program, "the shift in pixels (dy, dx)", (body, draw) =>
        {
            string u2 = draw.Replace("(uint)(2 * e))", "(uint)(2 * e + 1))");
            body.Line($"{Draws}[2 * e] = ({draw} * 2.0f - 1.0f) * {Literals.OpenClFloat(_op.HeightFactor)} * {Literals.Int(Height)};");
            body.Line($"{Draws}[2 * e + 1] = ({u2} * 2.0f - 1.0f) * {Literals.OpenClFloat(_op.WidthFactor)} * {Literals.Int(Width)};");
        });
        WriteExtend(program.Source);
        string name = _op.Name + "_forward", count = RowsTimes(_op.Output.Size), input = Slot(_op.Buffers.Input);
        int kernel = EachKernel(program, name, $"{_op.Name}: {_op.Description} on {_op.Input}, one work-item per value; the identity at inference.", count, body =>
        {
            body.Line($"if (mode == MODE_INFERENCE) {{ {Slot(_op.Buffers.Output)}[e] = {input}[e]; return; }}");
            Position(body);
            Taps(body);
            body.Line($"float sum = 0.0f;");
            using (body.Block($"for (int ty = 0; ty < 2; ty++)"))
            {
                body.Line($"if (wy[ty] == 0.0f) continue;");
                body.Line($"const int yy = {Extend}(y + sy + ty, {Literals.Int(Height)});");
                using (body.Block($"for (int tx = 0; tx < 2; tx++)"))
                {
                    body.Line($"if (wx[tx] == 0.0f) continue;");
                    body.Line($"const int xx = {Extend}(x + sx + tx, {Literals.Int(Width)});");
                    body.Line($"sum += wy[ty] * wx[tx] * (yy < 0 || xx < 0 ? {Literals.OpenClFloat(_op.FillValue)} : {Pixel(input, "yy", "xx")});");
                }
            }
            body.Line($"{Slot(_op.Buffers.Output)}[e] = sum;");
        });
        program.Forward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Description));
    }

    public override void WriteBackward(OpenClProgramBuilder program)
    {
        if (_op.Buffers.InputGradient is not { } inputGradient) return;
        string name = _op.Name + "_backward", count = RowsTimes(Channels), gradient = Slot(_op.Buffers.OutputGradient), target = Slot(inputGradient);
        int kernel = EachKernel(program, name, $"{_op.Name} backward: the sampling transposed, one work-item per (row, channel) scattering its image.", count, body =>
        {
            body.Line($"const int r = e / {Literals.Int(Channels)}, c = e % {Literals.Int(Channels)};");
            body.Line($"for (int cell = 0; cell < {Literals.Int(Height * Width)}; cell++) {Pixel(target, "(cell / " + Literals.Int(Width) + ")", "(cell % " + Literals.Int(Width) + ")")} = 0.0f;");
            Taps(body);
            using (body.Block($"for (int y = 0; y < {Literals.Int(Height)}; y++)"))
            using (body.Block($"for (int x = 0; x < {Literals.Int(Width)}; x++)"))
            {
                body.Line($"const float g = {Pixel(gradient, "y", "x")};");
                body.Line($"for (int ty = 0; ty < 2; ty++)");
                body.Line($"    for (int tx = 0; tx < 2; tx++)");
                body.Line($"    {{");
                body.Line($"        const int yy = {Extend}(y + sy + ty, {Literals.Int(Height)}), xx = {Extend}(x + sx + tx, {Literals.Int(Width)});");
                body.Line($"        if (wy[ty] != 0.0f && wx[tx] != 0.0f && yy >= 0 && xx >= 0) {Pixel(target, "yy", "xx")} += wy[ty] * wx[tx] * g;");
                body.Line($"    }}");
            }
        });
        program.Backward(new OpenClLaunch(kernel, name, LaunchShape.Each, count, 0, _op.Name + " input gradient"));
    }
}
