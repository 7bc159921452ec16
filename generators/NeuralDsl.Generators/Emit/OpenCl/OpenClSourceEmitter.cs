using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// Writes a model's OpenCL C program with every size a literal: a batch-gather kernel, then per layer a forward
/// kernel (Dense and Conv2D as one tiled product in local memory with bias, activation and a following dropout
/// fused into it), the loss gradient, the backward kernels (weight and bias gradients as one tiled product, input
/// gradients as another or as a gather for convolutions) and the regularization penalty. The launch order is
/// returned beside the source for <see cref="OpenClMembersEmitter"/>.
/// </summary>
internal sealed class OpenClSourceEmitter
{
    /// <summary>Work-group edge of the tiled products (the runtime launches them with 16 × 16 groups).</summary>
    public const int Tile = 16;

    /// <summary>Work-group size of the penalty reduction.</summary>
    public const int PenaltyGroup = 256;

    private readonly ModelPlan _plan;
    private readonly OpenClLayout _layout;
    private readonly CodeWriter _c = new CodeWriter();
    private readonly List<string> _kernels = new List<string>();
    private readonly List<OpenClLaunch> _forward = new List<OpenClLaunch>();
    private readonly List<OpenClLaunch> _backward = new List<OpenClLaunch>();

    private OpenClSourceEmitter(ModelPlan plan)
    {
        _plan = plan;
        _layout = OpenClLayout.Create(plan);
    }

    public static OpenClProgram Emit(ModelPlan plan)
    {
        var emitter = new OpenClSourceEmitter(plan);
        int penalty = emitter.Write();
        var layout = emitter._layout;
        return new OpenClProgram(Ascii(emitter._c.ToString()), emitter._kernels.ToEquatableArray(), emitter._forward.ToEquatableArray(),
            emitter._backward.ToEquatableArray(), penalty, layout.Width, layout.OffsetOf(layout.Targets),
            layout.OffsetOf(layout.Output[plan.Ops.Count - 1]));
    }

    private int Write()
    {
        Header();
        Gather();
        for (int i = 0; i < _plan.Ops.Count; i++) Forward(i);
        if (_plan.OutputGradient != OutputGradientKind.None) LossGradient();
        for (int i = _plan.Ops.Count - 1; i >= 0; i--)
            if (_plan.Ops[i].RunsBackward) Backward(i);
        return Penalty();
    }

    // ---- Header: sizes, offsets, slots, helpers -------------------------------------------------------

    private void Header()
    {
        _c.Line("// OpenCL C for " + _plan.FullName + " (" + _plan.ModelName + "), written by the NeuralDsl generator: every size is a constant.");
        _c.Line("// Every layer kernel takes the model's buffers and the batch:");
        _c.Line("//   p     parameters, one buffer with the tensors at the offsets below; g: their gradients, same layout");
        _c.Line("//   w     workspace: each slot below holds cap rows and starts at cap * its offset");
        _c.Line("//   s     scalars: s[0] receives the regularization penalty");
        _c.Line("//   rows  rows in this batch; seed: the dropout stream of this step");
        _c.Line("//   mode  0 inference, 1 training (fresh dropout masks), 2 training with the masks of the last pass");
        _c.Line("#define TILE " + Literals.Int(Tile));
        _c.Line("#define MODEL_ARGS __global float* p, __global float* g, __global float* w, __global float* s, const int rows, const int cap, const uint seed, const int mode");
        _c.Line("#define SLOT(offset) (w + (size_t)cap * (offset))");
        _c.Line();

        var tensors = _plan.Ops.SelectMany(op => op.Tensors).ToList();
        if (tensors.Count > 0)
        {
            _c.Line("// Parameter tensors: offset in p and g.");
            Defines(tensors.Select(t => (Tensor(t), t.Offset, t.Name + " [" + string.Join(", ", t.Shape.Select(Literals.Int)) + "]")));
            _c.Line();
        }
        _c.Line("// Workspace slots: floats per row before the slot, then the slot's width per row.");
        Defines(_layout.Slots.Select(s => (s.Name, s.Offset, Literals.Int(s.Width) + ": " + s.Comment)));
        _c.Line();

        var activations = new SortedSet<Activation>();
        foreach (var op in _plan.Ops)
        {
            if (op is WeightedOp weighted) activations.Add(weighted.Activation);
            if (op is ActivationOp activation) activations.Add(activation.Activation);
        }
        activations.Remove(Activation.Linear);
        bool softmax = activations.Remove(Activation.Softmax);
        foreach (var activation in activations) ActivationHelpers(activation);
        if (softmax) SoftmaxHelpers(NeedsSoftmaxBackward());
        if (_plan.Ops.Any(op => op is DropoutOp)) RandomHelper();
    }

    private void Defines(IEnumerable<(string Name, int Value, string Comment)> defines)
    {
        var lines = defines.Select(d => ("#define " + d.Name + " " + Literals.Int(d.Value), d.Comment)).ToList();
        int width = lines.Max(l => l.Item1.Length);
        foreach (var (text, comment) in lines) _c.Line(text.PadRight(width) + " // " + comment);
    }

    private void ActivationHelpers(Activation activation)
    {
        string name = Snake(activation);
        _c.Line("// " + name + ", and its derivative written in terms of the output a (as the CPU kernels).");
        var (forward, derivative) = activation switch
        {
            Activation.Relu => ("z > 0.0f ? z : 0.0f", "a > 0.0f ? 1.0f : 0.0f"),
            Activation.LeakyRelu => ("z > 0.0f ? z : 0.2f * z", "a > 0.0f ? 1.0f : 0.2f"),
            Activation.Elu => ("z > 0.0f ? z : exp(z) - 1.0f", "a > 0.0f ? 1.0f : a + 1.0f"),
            Activation.Sigmoid => ("1.0f / (1.0f + exp(-z))", "a * (1.0f - a)"),
            Activation.Tanh => ("tanh(z)", "1.0f - a * a"),
            _ => ("fmax(z, 0.0f) + log(1.0f + exp(-fabs(z)))", "1.0f - exp(-a)"), // softplus
        };
        _c.Line("inline float activate_" + name + "(const float z) { return " + forward + "; }");
        _c.Line("inline float derive_" + name + "(const float a) { return " + derivative + "; }");
        _c.Line();
    }

    /// <summary>Whether a softmax that is not fused with the loss runs backward.</summary>
    private bool NeedsSoftmaxBackward() => _plan.Ops.Any(op => op.RunsBackward && op switch
    {
        WeightedOp weighted => weighted.Activation == Activation.Softmax && !weighted.FusedWithLoss,
        ActivationOp activation => activation.Activation == Activation.Softmax && !activation.FusedWithLoss,
        _ => false,
    });

    private void SoftmaxHelpers(bool backward)
    {
        _c.Line("// Softmax of one vector of n values, stabilised by its maximum; z and a may be the same memory.");
        _c.Open("inline void softmax_vector(__global const float* z, __global float* a, const int n)");
        _c.Line("float top = -INFINITY;");
        _c.Line("for (int j = 0; j < n; j++) top = fmax(top, z[j]);");
        _c.Line("float sum = 0.0f;");
        _c.Line("for (int j = 0; j < n; j++) { const float e = exp(z[j] - top); a[j] = e; sum += e; }");
        _c.Line("const float inverse = 1.0f / sum;");
        _c.Line("for (int j = 0; j < n; j++) a[j] *= inverse;");
        _c.Close();
        _c.Line();
        if (!backward) return;
        _c.Line("// dL/da -> dL/dz through softmax: dz_j = a_j (g_j - sum_i a_i g_i); g and dz may be the same memory.");
        _c.Open("inline void softmax_vector_backward(__global const float* a, __global const float* grad, __global float* dz, const int n)");
        _c.Line("float dot = 0.0f;");
        _c.Line("for (int j = 0; j < n; j++) dot += a[j] * grad[j];");
        _c.Line("for (int j = 0; j < n; j++) dz[j] = a[j] * (grad[j] - dot);");
        _c.Close();
        _c.Line();
    }

    private void RandomHelper()
    {
        _c.Line("// A uniform number in [0, 1) from (seed, stream, index) alone (murmur3's finaliser), so a dropout mask does");
        _c.Line("// not depend on how work-items are scheduled; each dropout layer is its own stream.");
        _c.Open("inline uint mix32(uint h)");
        _c.Line("h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;");
        _c.Line("return h;");
        _c.Close();
        _c.Open("inline float uniform01(const uint seed, const uint stream, const uint index)");
        _c.Line("const uint key = mix32(seed ^ (stream * 0x9E3779B9u));");
        _c.Line("return (float)(mix32(mix32(index ^ key) + key) >> 8) * (1.0f / 16777216.0f);");
        _c.Close();
        _c.Line();
    }

    // ---- Kernels ---------------------------------------------------------------------------------------

    private int Kernel(string name)
    {
        _kernels.Add(name);
        return _kernels.Count - 1;
    }

    private void Gather()
    {
        int inputs = _plan.InputSize, outputs = _plan.OutputSize;
        Kernel("gather_batch");
        _c.Line("// Copies rows order[first ..] of the resident data set into the input (and target) slot.");
        _c.Line("// Launched over max(input, target width) x rows.");
        _c.Open("__kernel void gather_batch(__global float* w, __global const float* data_x, __global const float* data_y, __global const int* order,\n                           const int first, const int rows, const int cap, const int has_targets)");
        _c.Line("const int column = get_global_id(0), r = get_global_id(1);");
        _c.Line("if (r >= rows) return;");
        _c.Line("const size_t source = (size_t)order[first + r];");
        _c.Line("if (column < " + Literals.Int(inputs) + ") SLOT(X_SLOT)[(size_t)r * " + Literals.Int(inputs) + " + column] = data_x[source * " + Literals.Int(inputs) + " + column];");
        _c.Line("if (has_targets && column < " + Literals.Int(outputs) + ") SLOT(Y_SLOT)[(size_t)r * " + Literals.Int(outputs) + " + column] = data_y[source * " + Literals.Int(outputs) + " + column];");
        _c.Close();
        _c.Line();
    }

    private void Forward(int index)
    {
        var op = _plan.Ops[index];
        switch (op)
        {
            case WeightedOp weighted: WeightedForward(index, weighted); break;
            case PoolOp pool: PoolForward(index, pool); break;
            case DropoutOp dropout when !_layout.FusedDropout[index]: DropoutForward(index, dropout); break;
            case ActivationOp activation: ActivationForward(index, activation); break;
        }
    }

    private void Backward(int index)
    {
        var op = _plan.Ops[index];
        switch (op)
        {
            case WeightedOp weighted: WeightedBackward(index, weighted); break;
            case PoolOp pool: PoolBackward(index, pool); break;
            case DropoutOp dropout when !_layout.FusedDropout[index]: DropoutBackward(index, dropout); break;
            case ActivationOp activation when !activation.FusedWithLoss: ActivationBackward(index, activation); break;
        }
    }

    /// <summary>Output cells per row of a weighted op: 1 for Dense, height × width for Conv2D.</summary>
    private static int Positions(WeightedOp op) => op is ConvOp conv ? conv.Window.OutputHeight * conv.Window.OutputWidth : 1;

    private static int Units(WeightedOp op) => op is ConvOp conv ? conv.Filters : op.Output.Size;

    private static string RowsTimes(int n) => n == 1 ? "rows" : "rows * " + Literals.Int(n);

    private void WeightedForward(int index, WeightedOp op)
    {
        int positions = Positions(op), units = Units(op), fanIn = op.FanIn;
        bool bias = op.Bias is not null, softmax = op.Activation == Activation.Softmax;
        string name = op.Name, input = _layout.InputOf(index), output = _layout.Output[index];
        if (op is ConvOp conv) PatchHelper(op, conv);
        string Left(string i, string l) => Guarded(bias, l, fanIn, Input(op, input, i, l));
        string right = "p[" + Tensor(op.Kernel) + " + l * " + Literals.Int(units) + " + j]";

        var epilogue = new List<string> { "const size_t at = (size_t)i * " + Literals.Int(units) + " + j;" };
        string value = softmax || op.Activation == Activation.Linear ? "acc" : "activate_" + Snake(op.Activation) + "(acc)";
        epilogue.Add("const float a = " + value + ";");
        epilogue.Add("SLOT(" + output + ")[at] = a;");
        string fusion = "";
        if (index + 1 < _plan.Ops.Count && _layout.FusedDropout[index + 1])
        {
            var dropout = (DropoutOp)_plan.Ops[index + 1];
            epilogue.AddRange(DropoutLines(index + 1, dropout, "a", "at"));
            fusion = " and " + dropout.Name + "'s mask";
        }
        string what = (bias ? "bias, " : "") + (softmax ? "logits (softmax follows)" : Snake(op.Activation)) + fusion;
        string comment = name + ": " + op.Description + " " + op.Input + " \u2192 " + op.Output + " forward; " + what + " fused into the product.";
        int kernel = Kernel(name + "_forward");
        TiledProduct(name + "_forward", comment,
            iCount: RowsTimes(positions), jCount: units, lCount: Literals.Int(fanIn + (bias ? 1 : 0)),
            left: Left("i", "l"), right: right, epilogue: epilogue);
        _forward.Add(new OpenClLaunch(kernel, name + "_forward", LaunchShape.Tiled, RowsTimes(positions), units, op.Description + ", " + what));

        if (softmax)
        {
            int softmaxKernel = Kernel(name + "_softmax");
            _c.Line("// " + name + ": softmax over the " + Literals.Int(units) + " " + (positions == 1 ? "units" : "filters") + " of each " + (positions == 1 ? "row" : "cell") + ", in place.");
            _c.Open("__kernel void " + name + "_softmax(MODEL_ARGS)");
            _c.Line("const int v = get_global_id(0);");
            _c.Line("if (v >= " + RowsTimes(positions) + ") return;");
            _c.Line("__global float* z = SLOT(" + output + ") + (size_t)v * " + Literals.Int(units) + ";");
            _c.Line("softmax_vector(z, z, " + Literals.Int(units) + ");");
            _c.Close();
            _c.Line();
            _forward.Add(new OpenClLaunch(softmaxKernel, name + "_softmax", LaunchShape.Each, RowsTimes(positions), 0, "softmax"));
        }
    }

    /// <summary>The im2col read of a convolution, done on the fly: the input under kernel tap l of output cell m.</summary>
    private void PatchHelper(WeightedOp op, ConvOp conv)
    {
        var w = conv.Window;
        int positions = w.OutputHeight * w.OutputWidth, channels = w.InputChannels;
        _c.Line("// " + op.Name + ": the input value under kernel tap l = (ky, kx, c) of output cell m = (row, oy, ox); 0 in the padding.");
        _c.Open("inline float " + op.Name + "_patch(__global const float* x, const int m, const int l)");
        _c.Line("const int r = m / " + Literals.Int(positions) + ", cell = m % " + Literals.Int(positions) + ", oy = cell / " + Literals.Int(w.OutputWidth) + ", ox = cell % " + Literals.Int(w.OutputWidth) + ";");
        _c.Line("const int c = l % " + Literals.Int(channels) + ", tap = l / " + Literals.Int(channels) + ", ky = tap / " + Literals.Int(w.WindowWidth) + ", kx = tap % " + Literals.Int(w.WindowWidth) + ";");
        _c.Line("const int iy = oy * " + Literals.Int(w.Stride) + Offset(-w.PadTop) + " + ky, ix = ox * " + Literals.Int(w.Stride) + Offset(-w.PadLeft) + " + kx;");
        _c.Line("return iy >= 0 && iy < " + Literals.Int(w.InputHeight) + " && ix >= 0 && ix < " + Literals.Int(w.InputWidth) +
            " ? x[(size_t)r * " + Literals.Int(w.InputHeight * w.InputWidth * channels) + " + (iy * " + Literals.Int(w.InputWidth) + " + ix) * " + Literals.Int(channels) + " + c] : 0.0f;");
        _c.Close();
        _c.Line();
    }

    private static string Offset(int value) => value == 0 ? "" : value > 0 ? " + " + Literals.Int(value) : " - " + Literals.Int(-value);

    /// <summary>Input value (m, l) of a weighted op: a row of the input slot, or a convolution patch.</summary>
    private static string Input(WeightedOp op, string slot, string m, string l) => op is ConvOp
        ? op.Name + "_patch(SLOT(" + slot + "), " + m + ", " + l + ")"
        : "SLOT(" + slot + ")[(size_t)" + m + " * " + Literals.Int(op.FanIn) + " + " + l + "]";

    /// <summary>With a bias the reduction has one more step, l = fan-in, whose input is 1 and whose weight row is
    /// the bias (it follows the kernel in the parameter buffer).</summary>
    private static string Guarded(bool bias, string l, int fanIn, string value) =>
        bias ? "(" + l + " < " + Literals.Int(fanIn) + " ? " + value + " : 1.0f)" : value;

    private IEnumerable<string> DropoutLines(int index, DropoutOp dropout, string value, string at)
    {
        string mask = _layout.Mask[index]!, output = _layout.Output[index];
        yield return "// " + dropout.Name + ": " + dropout.Description + "; inverted dropout in training, identity at inference.";
        yield return "float keep = 1.0f;";
        yield return "if (mode == 1) { keep = uniform01(seed, " + Literals.Int(index) + "u, (uint)" + at + ") < " + ClFloat(dropout.Rate) + " ? 0.0f : " + ClFloat(1f / (1f - (float)dropout.Rate)) + "; SLOT(" + mask + ")[" + at + "] = keep; }";
        yield return "else if (mode == 2) keep = SLOT(" + mask + ")[" + at + "];";
        yield return "SLOT(" + output + ")[" + at + "] = " + value + " * keep;";
    }

    /// <summary>
    /// C[i, j] = Σ_l L(i, l) R(l, j) over 16 × 16 tiles staged in local memory: work-item (j, i) loads one value
    /// of each tile, so a group reads each input value once per tile instead of once per output.
    /// </summary>
    private void TiledProduct(string name, string comment, string iCount, int jCount, string lCount, string left, string right, IEnumerable<string> epilogue)
    {
        _c.Line("// " + comment);
        _c.Line("__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))");
        _c.Open("void " + name + "(MODEL_ARGS)");
        _c.Line("__local float left[TILE][TILE + 1], right[TILE][TILE + 1];");
        _c.Line("const int tj = get_local_id(0), ti = get_local_id(1), j = get_global_id(0), i = get_global_id(1);");
        _c.Line("const int i_count = " + iCount + ", l_count = " + lCount + ";");
        _c.Line("float acc = 0.0f;");
        _c.Open("for (int l0 = 0; l0 < l_count; l0 += TILE)");
        _c.Line("{ const int l = l0 + tj; left[ti][tj] = i < i_count && l < l_count ? " + left + " : 0.0f; }");
        _c.Line("{ const int l = l0 + ti; right[ti][tj] = l < l_count && j < " + Literals.Int(jCount) + " ? " + right + " : 0.0f; }");
        _c.Line("barrier(CLK_LOCAL_MEM_FENCE);");
        _c.Line("for (int t = 0; t < TILE; t++) acc += left[ti][t] * right[t][tj];");
        _c.Line("barrier(CLK_LOCAL_MEM_FENCE);");
        _c.Close();
        _c.Line("if (i >= i_count || j >= " + Literals.Int(jCount) + ") return;");
        foreach (var line in epilogue) _c.Line(line);
        _c.Close();
        _c.Line();
    }

    private void PoolForward(int index, PoolOp op)
    {
        var w = op.Window;
        string name = op.Name + "_forward", input = _layout.InputOf(index), output = _layout.Output[index];
        int outSize = op.Output.Size, inSize = op.Input.Size, c = w.InputChannels;
        int kernel = Kernel(name);
        _c.Line("// " + op.Name + ": " + op.Description + " " + op.Input + " \u2192 " + op.Output + " forward, one work-item per output value" +
            (op.IsMax ? "; keeps the arg-max for backward." : "; the padding is not counted."));
        _c.Open("__kernel void " + name + "(MODEL_ARGS)");
        _c.Line("const int e = get_global_id(0);");
        _c.Line("if (e >= rows * " + Literals.Int(outSize) + ") return;");
        WindowPosition(w, "e", outSize, "oy", "ox", w.OutputWidth);
        _c.Line("const int iy0 = oy * " + Literals.Int(w.Stride) + Offset(-w.PadTop) + ", ix0 = ox * " + Literals.Int(w.Stride) + Offset(-w.PadLeft) + ";");
        _c.Line("const int ky0 = max(0, -iy0), ky1 = min(" + Literals.Int(w.WindowHeight) + ", " + Literals.Int(w.InputHeight) + " - iy0);");
        _c.Line("const int kx0 = max(0, -ix0), kx1 = min(" + Literals.Int(w.WindowWidth) + ", " + Literals.Int(w.InputWidth) + " - ix0);");
        _c.Line("__global const float* x = SLOT(" + input + ") + (size_t)r * " + Literals.Int(inSize) + ";");
        string cell = "((iy0 + ky) * " + Literals.Int(w.InputWidth) + " + ix0 + kx) * " + Literals.Int(c) + " + c";
        if (op.IsMax)
        {
            string argmax = _layout.Mask[index]!;
            _c.Line("if (ky0 >= ky1 || kx0 >= kx1) { SLOT(" + output + ")[e] = 0.0f; SLOT(" + argmax + ")[e] = -1.0f; return; }");
            _c.Line("int at = ((iy0 + ky0) * " + Literals.Int(w.InputWidth) + " + ix0 + kx0) * " + Literals.Int(c) + " + c;");
            _c.Line("float best = x[at];");
            _c.Line("for (int ky = ky0; ky < ky1; ky++)");
            _c.Line("    for (int kx = kx0; kx < kx1; kx++) { const int k = " + cell + "; if (x[k] > best) { best = x[k]; at = k; } }");
            _c.Line("SLOT(" + output + ")[e] = best;");
            _c.Line("SLOT(" + argmax + ")[e] = (float)at;");
        }
        else
        {
            _c.Line("const int cells = max(0, ky1 - ky0) * max(0, kx1 - kx0);");
            _c.Line("float sum = 0.0f;");
            _c.Line("for (int ky = ky0; ky < ky1; ky++)");
            _c.Line("    for (int kx = kx0; kx < kx1; kx++) sum += x[" + cell + "];");
            _c.Line("SLOT(" + output + ")[e] = cells == 0 ? 0.0f : sum * (1.0f / cells);");
        }
        _c.Close();
        _c.Line();
        _forward.Add(new OpenClLaunch(kernel, name, LaunchShape.Each, RowsTimes(outSize), 0, op.Description));
    }

    /// <summary>Splits flat index <paramref name="e"/> of a rows × (h × w × c) tensor into r, (y, x), c.</summary>
    private void WindowPosition(Shapes.Window w, string e, int size, string y, string x, int width)
    {
        int c = w.InputChannels;
        _c.Line("const int r = " + e + " / " + Literals.Int(size) + ", rest = " + e + " % " + Literals.Int(size) + ", c = rest % " + Literals.Int(c) +
            ", cell = rest / " + Literals.Int(c) + ", " + y + " = cell / " + Literals.Int(width) + ", " + x + " = cell % " + Literals.Int(width) + ";");
    }

    private void DropoutForward(int index, DropoutOp op)
    {
        string name = op.Name + "_forward", input = _layout.InputOf(index);
        int size = op.Output.Size;
        int kernel = Kernel(name);
        _c.Line("// " + op.Name + ": " + op.Description + " on " + op.Input + ", one work-item per value.");
        _c.Open("__kernel void " + name + "(MODEL_ARGS)");
        _c.Line("const int e = get_global_id(0);");
        _c.Line("if (e >= rows * " + Literals.Int(size) + ") return;");
        foreach (var line in DropoutLines(index, op, "SLOT(" + input + ")[e]", "e")) _c.Line(line);
        _c.Close();
        _c.Line();
        _forward.Add(new OpenClLaunch(kernel, name, LaunchShape.Each, RowsTimes(size), 0, op.Description));
    }

    private void ActivationForward(int index, ActivationOp op)
    {
        string name = op.Name + "_forward", input = _layout.InputOf(index), output = _layout.Output[index];
        int size = op.Output.Size;
        int kernel = Kernel(name);
        _c.Line("// " + op.Name + ": " + op.Description + " on " + op.Input + ".");
        _c.Open("__kernel void " + name + "(MODEL_ARGS)");
        _c.Line("const int e = get_global_id(0);");
        string launchSize;
        if (op.Activation == Activation.Softmax)
        {
            int width = op.Output.Dims[op.Output.Rank - 1], vectors = size / width;
            launchSize = RowsTimes(vectors);
            _c.Line("if (e >= " + launchSize + ") return;");
            _c.Line("softmax_vector(SLOT(" + input + ") + (size_t)e * " + Literals.Int(width) + ", SLOT(" + output + ") + (size_t)e * " + Literals.Int(width) + ", " + Literals.Int(width) + ");");
        }
        else
        {
            launchSize = RowsTimes(size);
            _c.Line("if (e >= " + launchSize + ") return;");
            string value = op.Activation == Activation.Linear ? "SLOT(" + input + ")[e]" : "activate_" + Snake(op.Activation) + "(SLOT(" + input + ")[e])";
            _c.Line("SLOT(" + output + ")[e] = " + value + ";");
        }
        _c.Close();
        _c.Line();
        _forward.Add(new OpenClLaunch(kernel, name, LaunchShape.Each, launchSize, 0, op.Description));
    }

    private void LossGradient()
    {
        var last = _plan.Last;
        string output = _layout.Output[_plan.Ops.Count - 1], gradient = _layout.Gradient[_plan.Ops.Count - 1]!;
        int columns = _plan.OutputSize;
        int kernel = Kernel("loss_gradient");
        string formula;
        string scale;
        switch (_plan.OutputGradient)
        {
            case OutputGradientKind.SoftmaxCrossEntropy:
                formula = "(a - y) * scale";
                scale = "1.0f / rows";
                _c.Line("// Softmax fused with categorical cross-entropy: dL/dz = (p - y) / rows, written for " + last.Name + ".");
                break;
            case OutputGradientKind.SigmoidCrossEntropy:
                formula = "(a - y) * scale";
                scale = "1.0f / (rows * " + ClFloat(columns) + ")";
                _c.Line("// Sigmoid fused with binary cross-entropy: dL/dz = (p - y) / (rows * columns), written for " + last.Name + ".");
                break;
            default:
                (formula, scale) = _plan.Loss switch
                {
                    Loss.MeanSquaredError => ("2.0f * (a - y) * scale", "1.0f / (rows * " + ClFloat(columns) + ")"),
                    Loss.MeanAbsoluteError => ("sign(a - y) * scale", "1.0f / (rows * " + ClFloat(columns) + ")"),
                    Loss.BinaryCrossentropy => ("a < 1e-7f || a > 1.0f - 1e-7f ? 0.0f : (a - y) / (a * (1.0f - a)) * scale", "1.0f / (rows * " + ClFloat(columns) + ")"),
                    _ => ("a < 1e-7f || a > 1.0f - 1e-7f ? 0.0f : -y / a * scale", "1.0f / rows"),
                };
                _c.Line("// dL/d(output) of the batch-mean " + _plan.Loss + " loss (0 where the clipped loss is flat), for " + last.Name + ".");
                break;
        }
        _c.Open("__kernel void loss_gradient(MODEL_ARGS)");
        _c.Line("const int e = get_global_id(0);");
        _c.Line("if (e >= rows * " + Literals.Int(columns) + ") return;");
        _c.Line("const float a = SLOT(" + output + ")[e], y = SLOT(Y_SLOT)[e], scale = " + scale + ";");
        _c.Line("SLOT(" + gradient + ")[e] = " + formula + ";");
        _c.Close();
        _c.Line();
        _backward.Add(new OpenClLaunch(kernel, "loss_gradient", LaunchShape.Each, RowsTimes(columns), 0, "loss gradient"));
    }

    private void WeightedBackward(int index, WeightedOp op)
    {
        int positions = Positions(op), units = Units(op), fanIn = op.FanIn;
        bool bias = op.Bias is not null;
        string name = op.Name, input = _layout.InputOf(index), output = _layout.Output[index];
        bool fusedDropout = index + 1 < _plan.Ops.Count && _layout.FusedDropout[index + 1];
        string gradient = fusedDropout ? _layout.Gradient[index + 1]! : _layout.Gradient[index]!;
        bool softmax = op.Activation == Activation.Softmax && !op.FusedWithLoss;

        if (softmax)
        {
            int softmaxKernel = Kernel(name + "_softmax_backward");
            _c.Line("// " + name + ": dL/da -> dL/dz through the softmax, in place.");
            _c.Open("__kernel void " + name + "_softmax_backward(MODEL_ARGS)");
            _c.Line("const int v = get_global_id(0);");
            _c.Line("if (v >= " + RowsTimes(positions) + ") return;");
            _c.Line("const size_t at = (size_t)v * " + Literals.Int(units) + ";");
            _c.Line("softmax_vector_backward(SLOT(" + output + ") + at, SLOT(" + gradient + ") + at, SLOT(" + gradient + ") + at, " + Literals.Int(units) + ");");
            _c.Close();
            _c.Line();
            _backward.Add(new OpenClLaunch(softmaxKernel, name + "_softmax_backward", LaunchShape.Each, RowsTimes(positions), 0, name + " softmax"));
        }

        // dL/dz at flat index `at` of this layer's output, read on the fly by both products.
        string dz = "SLOT(" + gradient + ")[at]";
        string why;
        if (fusedDropout)
        {
            var dropout = (DropoutOp)_plan.Ops[index + 1];
            dz += " * SLOT(" + _layout.Mask[index + 1] + ")[at]";
            why = dropout.Name + "'s gradient through its mask";
        }
        else why = "the gradient of its output";
        if (op.FusedWithLoss) why = "the loss gradient, which already is dL/dz";
        else if (op.Activation != Activation.Linear && op.Activation != Activation.Softmax)
        {
            dz += " * derive_" + Snake(op.Activation) + "(SLOT(" + output + ")[at])";
            why += " and " + Snake(op.Activation) + "'s derivative";
        }
        else if (softmax) why = "the gradient through the softmax";
        _c.Line("// " + name + ": dL/dz from " + why + ".");
        _c.Line("inline float " + name + "_dz(__global const float* w, const int cap, const size_t at) { return " + dz + "; }");
        _c.Line();

        // Weight (and bias) gradients: dW[l][j] = sum over m of input(m, l) dz(m, j); row l = fan-in is the bias.
        var epilogue = new List<string>();
        string store = "g[" + Tensor(op.Kernel) + " + i * " + Literals.Int(units) + " + j]";
        if (op.Regularization is { } regularization)
        {
            var terms = new List<string>();
            if (regularization.L1 != 0) terms.Add(ClFloat(regularization.L1) + " * sign(v)");
            if (regularization.L2 != 0) terms.Add(ClFloat(2 * (float)regularization.L2) + " * v");
            epilogue.Add("// " + name + "'s kernel regularizer adds l1 * sign(w) + 2 * l2 * w" + (bias ? " (not to the bias)" : "") + ".");
            epilogue.Add("const float v = p[" + Tensor(op.Kernel) + " + i * " + Literals.Int(units) + " + j];");
            epilogue.Add(store + " = " + (bias ? "i < " + Literals.Int(fanIn) + " ? acc + " + string.Join(" + ", terms) + " : acc;" : "acc + " + string.Join(" + ", terms) + ";"));
        }
        else epilogue.Add(store + " = acc;");
        int weights = Kernel(name + "_backward_weights");
        TiledProduct(name + "_backward_weights",
            name + " backward: kernel" + (bias ? " and bias" : "") + " gradients, a product over the batch" + (positions == 1 ? "" : "'s output cells") + (bias ? " (row " + Literals.Int(fanIn) + " is the bias)." : "."),
            iCount: Literals.Int(fanIn + (bias ? 1 : 0)), jCount: units, lCount: RowsTimes(positions),
            left: Guarded(bias, "i", fanIn, Input(op, input, "l", "i")), right: name + "_dz(w, cap, (size_t)l * " + Literals.Int(units) + " + j)", epilogue: epilogue);
        _backward.Add(new OpenClLaunch(weights, name + "_backward_weights", LaunchShape.Tiled, Literals.Int(fanIn + (bias ? 1 : 0)), units, name + " weight gradients"));

        string? inputGradient = _layout.InputGradientOf(index);
        if (!op.NeedsInputGradient || inputGradient is null) return;
        if (op is ConvOp conv) ConvInputGradient(op, conv, inputGradient);
        else
        {
            int kernel = Kernel(name + "_backward_input");
            TiledProduct(name + "_backward_input", name + " backward: dL/d(input) = dz \u00B7 kernel\u1D40.",
                iCount: "rows", jCount: fanIn, lCount: Literals.Int(units),
                left: name + "_dz(w, cap, (size_t)i * " + Literals.Int(units) + " + l)", right: "p[" + Tensor(op.Kernel) + " + j * " + Literals.Int(units) + " + l]",
                epilogue: new[] { "SLOT(" + inputGradient + ")[(size_t)i * " + Literals.Int(fanIn) + " + j] = acc;" });
            _backward.Add(new OpenClLaunch(kernel, name + "_backward_input", LaunchShape.Tiled, "rows", fanIn, name + " input gradient"));
        }
    }

    /// <summary>col2im as a gather: each input value sums dz · weight over the output cells whose window covers it,
    /// so no two work-items write the same value.</summary>
    private void ConvInputGradient(WeightedOp op, ConvOp conv, string inputGradient)
    {
        var w = conv.Window;
        int inSize = op.Input.Size, c = w.InputChannels, filters = conv.Filters, positions = w.OutputHeight * w.OutputWidth;
        string name = op.Name + "_backward_input";
        int kernel = Kernel(name);
        _c.Line("// " + op.Name + " backward: dL/d(input), one work-item per input value gathering from the cells whose window covers it.");
        _c.Open("__kernel void " + name + "(MODEL_ARGS)");
        _c.Line("const int e = get_global_id(0);");
        _c.Line("if (e >= rows * " + Literals.Int(inSize) + ") return;");
        WindowPosition(w, "e", inSize, "iy", "ix", w.InputWidth);
        _c.Line("float sum = 0.0f;");
        _c.Open("for (int ky = 0; ky < " + Literals.Int(w.WindowHeight) + "; ky++)");
        CoveringCell("oy", "iy", "ky", w.PadTop, w.Stride, w.OutputHeight);
        _c.Open("for (int kx = 0; kx < " + Literals.Int(w.WindowWidth) + "; kx++)");
        CoveringCell("ox", "ix", "kx", w.PadLeft, w.Stride, w.OutputWidth);
        _c.Line("const size_t cell = ((size_t)r * " + Literals.Int(positions) + " + oy * " + Literals.Int(w.OutputWidth) + " + ox) * " + Literals.Int(filters) + ";");
        _c.Line("__global const float* weights = p + " + Tensor(op.Kernel) + " + ((ky * " + Literals.Int(w.WindowWidth) + " + kx) * " + Literals.Int(c) + " + c) * " + Literals.Int(filters) + ";");
        _c.Line("for (int f = 0; f < " + Literals.Int(filters) + "; f++) sum += " + op.Name + "_dz(w, cap, cell + f) * weights[f];");
        _c.Close();
        _c.Close();
        _c.Line("SLOT(" + inputGradient + ")[e] = sum;");
        _c.Close();
        _c.Line();
        _backward.Add(new OpenClLaunch(kernel, name, LaunchShape.Each, RowsTimes(inSize), 0, op.Name + " input gradient"));
    }

    /// <summary>Inside a loop over window offset <paramref name="k"/>: the output cell whose window puts offset k on input
    /// coordinate <paramref name="input"/>, or <c>continue</c> when there is none.</summary>
    private void CoveringCell(string output, string input, string k, int pad, int stride, int outputs)
    {
        string t = "t" + output;
        _c.Line("const int " + t + " = " + input + Offset(pad) + " - " + k + ";");
        _c.Line(stride == 1
            ? "if (" + t + " < 0 || " + t + " >= " + Literals.Int(outputs) + ") continue;"
            : "if (" + t + " < 0 || " + t + " % " + Literals.Int(stride) + " != 0 || " + t + " / " + Literals.Int(stride) + " >= " + Literals.Int(outputs) + ") continue;");
        _c.Line("const int " + output + " = " + t + (stride == 1 ? "" : " / " + Literals.Int(stride)) + ";");
    }

    private void PoolBackward(int index, PoolOp op)
    {
        string? inputGradient = _layout.InputGradientOf(index);
        if (inputGradient is null) return;
        var w = op.Window;
        string name = op.Name + "_backward", gradient = _layout.Gradient[index]!;
        int inSize = op.Input.Size, outSize = op.Output.Size, c = w.InputChannels;
        int kernel = Kernel(name);
        _c.Line("// " + op.Name + " backward: each input value gathers the gradient of the windows that cover it" +
            (op.IsMax ? " and chose it as their maximum." : ", shared over each window's cells."));
        _c.Open("__kernel void " + name + "(MODEL_ARGS)");
        _c.Line("const int e = get_global_id(0);");
        _c.Line("if (e >= rows * " + Literals.Int(inSize) + ") return;");
        WindowPosition(w, "e", inSize, "iy", "ix", w.InputWidth);
        _c.Line("float sum = 0.0f;");
        _c.Open("for (int ky = 0; ky < " + Literals.Int(w.WindowHeight) + "; ky++)");
        CoveringCell("oy", "iy", "ky", w.PadTop, w.Stride, w.OutputHeight);
        _c.Open("for (int kx = 0; kx < " + Literals.Int(w.WindowWidth) + "; kx++)");
        CoveringCell("ox", "ix", "kx", w.PadLeft, w.Stride, w.OutputWidth);
        _c.Line("const size_t o = (size_t)r * " + Literals.Int(outSize) + " + (oy * " + Literals.Int(w.OutputWidth) + " + ox) * " + Literals.Int(c) + " + c;");
        if (op.IsMax)
            _c.Line("if ((int)SLOT(" + _layout.Mask[index] + ")[o] == rest) sum += SLOT(" + gradient + ")[o];");
        else
        {
            _c.Line("const int iy0 = oy * " + Literals.Int(w.Stride) + Offset(-w.PadTop) + ", ix0 = ox * " + Literals.Int(w.Stride) + Offset(-w.PadLeft) + ";");
            _c.Line("const int cells = (min(" + Literals.Int(w.WindowHeight) + ", " + Literals.Int(w.InputHeight) + " - iy0) - max(0, -iy0)) * (min(" +
                Literals.Int(w.WindowWidth) + ", " + Literals.Int(w.InputWidth) + " - ix0) - max(0, -ix0));");
            _c.Line("sum += SLOT(" + gradient + ")[o] * (1.0f / cells);");
        }
        _c.Close();
        _c.Close();
        _c.Line("SLOT(" + inputGradient + ")[e] = sum;");
        _c.Close();
        _c.Line();
        _backward.Add(new OpenClLaunch(kernel, name, LaunchShape.Each, RowsTimes(inSize), 0, op.Name + " input gradient"));
    }

    private void DropoutBackward(int index, DropoutOp op)
    {
        string? inputGradient = _layout.InputGradientOf(index);
        if (inputGradient is null) return;
        string name = op.Name + "_backward";
        int size = op.Output.Size;
        int kernel = Kernel(name);
        _c.Line("// " + op.Name + " backward: the same mask applied to the gradient.");
        _c.Open("__kernel void " + name + "(MODEL_ARGS)");
        _c.Line("const int e = get_global_id(0);");
        _c.Line("if (e >= rows * " + Literals.Int(size) + ") return;");
        _c.Line("SLOT(" + inputGradient + ")[e] = SLOT(" + _layout.Gradient[index] + ")[e] * SLOT(" + _layout.Mask[index] + ")[e];");
        _c.Close();
        _c.Line();
        _backward.Add(new OpenClLaunch(kernel, name, LaunchShape.Each, RowsTimes(size), 0, op.Name + " input gradient"));
    }

    private void ActivationBackward(int index, ActivationOp op)
    {
        string? inputGradient = _layout.InputGradientOf(index);
        if (inputGradient is null) return;
        string name = op.Name + "_backward", gradient = _layout.Gradient[index]!, output = _layout.Output[index];
        int size = op.Output.Size;
        int kernel = Kernel(name);
        _c.Line("// " + op.Name + " backward: dL/d(input) through " + Snake(op.Activation) + ".");
        _c.Open("__kernel void " + name + "(MODEL_ARGS)");
        _c.Line("const int e = get_global_id(0);");
        string launchSize;
        if (op.Activation == Activation.Softmax)
        {
            int width = op.Output.Dims[op.Output.Rank - 1];
            launchSize = RowsTimes(size / width);
            _c.Line("if (e >= " + launchSize + ") return;");
            _c.Line("const size_t at = (size_t)e * " + Literals.Int(width) + ";");
            _c.Line("softmax_vector_backward(SLOT(" + output + ") + at, SLOT(" + gradient + ") + at, SLOT(" + inputGradient + ") + at, " + Literals.Int(width) + ");");
        }
        else
        {
            launchSize = RowsTimes(size);
            _c.Line("if (e >= " + launchSize + ") return;");
            _c.Line("SLOT(" + inputGradient + ")[e] = SLOT(" + gradient + ")[e]" +
                (op.Activation == Activation.Linear ? "" : " * derive_" + Snake(op.Activation) + "(SLOT(" + output + ")[e])") + ";");
        }
        _c.Close();
        _c.Line();
        _backward.Add(new OpenClLaunch(kernel, name, LaunchShape.Each, launchSize, 0, op.Name + " input gradient"));
    }

    /// <summary>The sum of the kernel penalties in one work-group, into s[0]; -1 when no layer is regularized.</summary>
    private int Penalty()
    {
        var regularized = _plan.Ops.OfType<WeightedOp>().Where(op => op.Regularization is not null).ToList();
        if (regularized.Count == 0) return -1;
        int kernel = Kernel("regularization_penalty");
        _c.Line("// The kernel regularizers' penalty, sum over layers of l1 * sum|w| + l2 * sum w^2, reduced in one work-group into s[0].");
        _c.Line("__kernel __attribute__((reqd_work_group_size(" + Literals.Int(PenaltyGroup) + ", 1, 1)))");
        _c.Open("void regularization_penalty(MODEL_ARGS)");
        _c.Line("__local float part[" + Literals.Int(PenaltyGroup) + "];");
        _c.Line("const int t = get_local_id(0);");
        _c.Line("float sum = 0.0f;");
        foreach (var op in regularized)
        {
            var r = op.Regularization!;
            var terms = new List<string>();
            if (r.L1 != 0) terms.Add(ClFloat(r.L1) + " * fabs(v)");
            if (r.L2 != 0) terms.Add(ClFloat(r.L2) + " * v * v");
            _c.Line("for (int k = t; k < " + Literals.Int(op.Kernel.Length) + "; k += " + Literals.Int(PenaltyGroup) + ") { const float v = p[" + Tensor(op.Kernel) + " + k]; sum += " + string.Join(" + ", terms) + "; } // " + op.Name);
        }
        _c.Line("part[t] = sum;");
        _c.Line("barrier(CLK_LOCAL_MEM_FENCE);");
        _c.Open("for (int width = " + Literals.Int(PenaltyGroup / 2) + "; width > 0; width >>= 1)");
        _c.Line("if (t < width) part[t] += part[t + width];");
        _c.Line("barrier(CLK_LOCAL_MEM_FENCE);");
        _c.Close();
        _c.Line("if (t == 0) s[0] = part[0];");
        _c.Close();
        return kernel;
    }

    // ---- Names and literals ------------------------------------------------------------------------

    /// <summary>Keeps the source ASCII (some drivers reject other bytes even in comments): shapes and formulas in
    /// the comments are spelled with x, ->, * and ^T.</summary>
    private static string Ascii(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        foreach (char ch in text)
        {
            switch (ch)
            {
                case '\u00D7': result.Append('x'); break;
                case '\u2192': result.Append("->"); break;
                case '\u00B7': result.Append('*'); break;
                case '\u1D40': result.Append("^T"); break;
                case '\u2212': result.Append('-'); break;
                default: result.Append(ch < 128 ? ch : '?'); break;
            }
        }
        return result.ToString();
    }

    /// <summary><c>dense_1/kernel</c> → <c>DENSE_1_KERNEL</c>.</summary>
    private static string Tensor(TensorPlan tensor) => tensor.Name.Replace('/', '_').ToUpperInvariant();

    private static string Snake(Activation activation) => Naming.SnakeCase(activation.ToString());

    /// <summary>An OpenCL C float literal that round-trips the value as a float: 0.3f, 1.0f, 1E-05f.</summary>
    private static string ClFloat(double value)
    {
        string text = ((float)value).ToString("R", CultureInfo.InvariantCulture);
        if (text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0) text += ".0";
        return text + "f";
    }
}
