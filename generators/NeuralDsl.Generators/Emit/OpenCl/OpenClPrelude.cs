using System;
using System.Collections.Generic;
using System.Linq;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Planning;
using NeuralDsl.OpenCl;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// The head of a model's OpenCL program: the calling convention every kernel relies on (from the runtime's
/// <c>OpenClAbi</c>), the parameter offsets and workspace slots, then the helper functions the kernels asked for while
/// they were written, and only those: a kernel calls <see cref="Activate"/>, <see cref="Softmax"/>… for the name of the
/// helper it uses, which is how the helper gets into the program.
/// </summary>
internal sealed class OpenClPrelude
{
    private readonly SortedSet<Activation> _activations = new SortedSet<Activation>();
    private readonly SortedSet<Loss> _losses = new SortedSet<Loss>();
    private readonly SortedSet<Loss> _lossValues = new SortedSet<Loss>();
    private bool _softmax, _softmaxBackward, _uniform;

    /// <summary>The helper computing <paramref name="activation"/> from z.</summary>
    public string Activate(Activation activation) => "activate_" + Name(_activations, activation);

    /// <summary>The helper computing the derivative of <paramref name="activation"/> from its output a.</summary>
    public string Derive(Activation activation) => "derive_" + Name(_activations, activation);

    /// <summary>The helper computing d(loss)/dp of one value from p and y (categorical for sparse too).</summary>
    public string LossDerivative(Loss loss) =>
        "derive_" + Name(_losses, loss == Loss.SparseCategoricalCrossentropy ? Loss.CategoricalCrossentropy : loss);

    /// <summary>The helper computing one value's loss from p and y (categorical for sparse too).</summary>
    public string LossValue(Loss loss) =>
        "loss_" + Name(_lossValues, loss == Loss.SparseCategoricalCrossentropy ? Loss.CategoricalCrossentropy : loss);

    /// <summary><c>softmax_vector(z, a, n)</c>: softmax of one vector, stabilised by its maximum.</summary>
    public string Softmax()
    {
        _softmax = true;
        return "softmax_vector";
    }

    /// <summary><c>softmax_vector_backward(a, grad, dz, n)</c>: dL/da → dL/dz through softmax.</summary>
    public string SoftmaxBackward()
    {
        _softmaxBackward = true;
        return "softmax_vector_backward";
    }

    /// <summary><c>uniform01(seed, stream, index)</c>: a uniform number in [0, 1) from its arguments alone.</summary>
    public string Uniform()
    {
        _uniform = true;
        return "uniform01";
    }

    public string Render(ModelPlan plan, OpenClLayout layout)
    {
        var w = new CodeWriter();
        Convention(w, plan);
        var tensors = plan.Tensors;
        if (!tensors.IsEmpty)
        {
            w.Line($"// Parameter tensors: offset in p and g.");
            Defines(w, tensors.Select(t => (OpenClNames.Tensor(t), Literals.Int(t.Offset), $"{t.Name} {t.ShapeText}")));
            w.Line();
        }
        w.Line($"// Workspace slots: floats per row before the slot, then the slot's width per row.");
        Defines(w, layout.Slots.Select(s => (s.Name, Literals.Int(s.Offset), $"{Literals.Int(s.Width)}: {s.Description}")));
        w.Line();
        Helpers(w);
        return w.ToString();
    }

    private static void Convention(CodeWriter w, ModelPlan plan)
    {
        w.Line($"// OpenCL C for {plan.Spec.FullName} ({plan.ModelName}), written by the NeuralDsl generator: every size is a constant.");
        w.Line($"// Every layer kernel takes the model's buffers and the batch (MODEL_ARGS):");
        w.Line($"//   p     parameters, one buffer with the tensors at the offsets below; g: their gradients, same layout");
        w.Line($"//   w     workspace: each slot below holds cap rows and starts at cap * its offset");
        w.Line($"//   s     scalars: s[PENALTY_SCALAR] receives the regularization penalty");
        w.Line($"//   rows  rows in this batch; seed: the dropout stream of this pass");
        w.Line($"//   mode  MODE_INFERENCE, MODE_TRAINING (fresh dropout masks) or MODE_FROZEN_MASKS (the masks of the last pass)");
        w.Line($"// batch_metrics also takes the epoch's sums (METRICS_ARGS): int counts and one float loss per batch (slot).");
        Defines(w, new[]
        {
            ("PENALTY_GROUP", Literals.Int(OpenClAbi.PenaltyGroupSize), "work-group size of the penalty reduction"),
            ("PENALTY_SCALAR", Literals.Int(OpenClAbi.PenaltyScalar), "where the penalty goes in s"),
            ("METRICS_GROUP", Literals.Int(OpenClAbi.MetricsGroupSize), "work-group size of the batch metrics"),
            ("METRICS_FIRST_NON_FINITE", Literals.Int(OpenClAbi.MetricsFirstNonFinite), "counts: the first loss slot that was not finite"),
            ("METRICS_CORRECT", Literals.Int(OpenClAbi.MetricsCorrect), "counts: correct predictions"),
            ("METRICS_CONFUSION", Literals.Int(OpenClAbi.MetricsConfusion), "counts: true positives, false positives, false negatives per class"),
            ("MODE_INFERENCE", Literals.Int((int)PassMode.Inference), "mode: dropout is the identity"),
            ("MODE_TRAINING", Literals.Int((int)PassMode.Training), "mode: fresh dropout masks"),
            ("MODE_FROZEN_MASKS", Literals.Int((int)PassMode.TrainingWithFrozenMasks), "mode: the dropout masks of the last pass"),
        });
        w.Line($"#define MODEL_ARGS {Arguments<LayerKernelArgument>(LayerArgument)}");
        w.Line($"#define METRICS_ARGS MODEL_ARGS, {Arguments<MetricsKernelArgument>(MetricsArgument)}");
        w.Line($"#define SLOT(offset) (w + (size_t)cap * (offset))");
        w.Line();
        ProductTuning(w);
    }

    /// <summary>The product kernels' sizes are build options the runtime chooses per device (<see cref="ProductMacros"/>).</summary>
    private static void ProductTuning(CodeWriter w)
    {
        w.Line($"// The products' tiling, chosen per device by the runtime (ProductTuning) and given as -D options:");
        w.Line($"// {ProductMacros.LocalTiles} (1: local-memory tiles, for GPUs; 0: straight from global memory, for CPUs),");
        w.Line($"// a work-group's {ProductMacros.TileRows} x {ProductMacros.TileColumns} outputs (x {ProductMacros.TileDepth} reduction steps a local tile), a work-item's {ProductMacros.BlockRows} x {ProductMacros.BlockColumns}.");
        foreach (string macro in ProductMacros.All)
        {
            w.Line($"#ifndef {macro}");
            w.Line($"#error \"{macro} is not defined: build this program with the options of NeuralDsl.OpenCl.ProductTuning.\"");
            w.Line($"#endif");
        }
        Defines(w, new[]
        {
            ("GROUP_COLUMNS", $"({ProductMacros.TileColumns} / {ProductMacros.BlockColumns})", "work-items across a product's work-group"),
            ("GROUP_ROWS", $"({ProductMacros.TileRows} / {ProductMacros.BlockRows})", "work-items down a product's work-group"),
            ("GROUP_SIZE", "(GROUP_COLUMNS * GROUP_ROWS)", "work-items in a product's work-group"),
            ("PRODUCT_GROUP", "__attribute__((reqd_work_group_size(GROUP_COLUMNS, GROUP_ROWS, 1)))", "the shape every product kernel is launched with"),
        });
        w.Line();
    }

    /// <summary>The gather kernel's parameter list, in <see cref="GatherKernelArgument"/> order.</summary>
    public static string GatherArguments => Arguments<GatherKernelArgument>(GatherArgument);

    /// <summary>A kernel's parameters in the order of the ABI's enum: every position has its declaration.</summary>
    private static string Arguments<TArgument>(Func<TArgument, string> declaration) where TArgument : struct, Enum =>
        string.Join(", ", Enum.GetValues(typeof(TArgument)).Cast<TArgument>().OrderBy(a => Convert.ToInt32(a, System.Globalization.CultureInfo.InvariantCulture)).Select(declaration));

    private static string LayerArgument(LayerKernelArgument argument) => argument switch
    {
        LayerKernelArgument.Parameters => "__global float* p",
        LayerKernelArgument.Gradients => "__global float* g",
        LayerKernelArgument.Workspace => "__global float* w",
        LayerKernelArgument.Scalars => "__global float* s",
        LayerKernelArgument.Rows => "const int rows",
        LayerKernelArgument.Capacity => "const int cap",
        LayerKernelArgument.Seed => "const uint seed",
        LayerKernelArgument.Mode => "const int mode",
        _ => throw new ArgumentOutOfRangeException(nameof(argument), argument, "No OpenCL declaration for this argument."),
    };

    private static string MetricsArgument(MetricsKernelArgument argument) => argument switch
    {
        MetricsKernelArgument.Counts => "__global int* counts",
        MetricsKernelArgument.Losses => "__global float* losses",
        MetricsKernelArgument.Slot => "const int slot",
        _ => throw new ArgumentOutOfRangeException(nameof(argument), argument, "No OpenCL declaration for this argument."),
    };

    private static string GatherArgument(GatherKernelArgument argument) => argument switch
    {
        GatherKernelArgument.Workspace => "__global float* w",
        GatherKernelArgument.DataInputs => "__global const float* data_x",
        GatherKernelArgument.DataTargets => "__global const float* data_y",
        GatherKernelArgument.Order => "__global const int* order",
        GatherKernelArgument.First => "const int first",
        GatherKernelArgument.Rows => "const int rows",
        GatherKernelArgument.Capacity => "const int cap",
        _ => throw new ArgumentOutOfRangeException(nameof(argument), argument, "No OpenCL declaration for this argument."),
    };

    private void Helpers(CodeWriter w)
    {
        // The formulas of the helpers asked for, and the named constants they use.
        var formulas = _activations.SelectMany(a => new[] { OpenClFormulas.ForActivation(a).Forward, OpenClFormulas.ForActivation(a).Derivative })
            .Concat(_losses.Select(l => OpenClFormulas.ForLoss(l).Derivative))
            .Concat(_lossValues.Select(OpenClFormulas.LossValue)).ToList();
        var constants = OpenClFormulas.Constants.Where(c => formulas.Any(f => f.Contains(c.Name))).ToList();
        if (constants.Count > 0)
        {
            w.Line($"// Constants of the formulas (the CPU math uses the same values).");
            Defines(w, constants.Select(c => (c.Name, c.Value, c.Comment)));
            w.Line();
        }
        foreach (var activation in _activations)
        {
            var (forward, derivative) = OpenClFormulas.ForActivation(activation);
            string name = Casing.SnakeCase(activation.ToString());
            w.Line($"// {name}, and its derivative written in terms of the output a (as on the CPU).");
            w.Line($"inline float activate_{name}(const float z) {{ return {forward}; }}");
            w.Line($"inline float derive_{name}(const float a) {{ return {derivative}; }}");
            w.Line();
        }
        foreach (var loss in _losses)
        {
            string name = Casing.SnakeCase(loss.ToString());
            w.Line($"// d({name})/dp of one value, before the batch-mean scale; 0 where the clipped loss is flat.");
            w.Line($"inline float derive_{name}(const float p, const float y) {{ return {OpenClFormulas.ForLoss(loss).Derivative}; }}");
            w.Line();
        }
        foreach (var loss in _lossValues)
        {
            string name = Casing.SnakeCase(loss.ToString());
            w.Line($"// {name} of one value (p clipped as on the CPU), before any mean over the columns.");
            w.Line($"inline float loss_{name}(const float p, const float y) {{ return {OpenClFormulas.LossValue(loss)}; }}");
            w.Line();
        }
        if (_softmax)
        {
            w.Line($"// Softmax of one vector of n values, stabilised by its maximum; z and a may be the same memory.");
            using (w.Block($"inline void softmax_vector(__global const float* z, __global float* a, const int n)"))
            {
                w.Line($"float top = -INFINITY;");
                w.Line($"for (int j = 0; j < n; j++) top = fmax(top, z[j]);");
                w.Line($"float sum = 0.0f;");
                w.Line($"for (int j = 0; j < n; j++) {{ const float e = exp(z[j] - top); a[j] = e; sum += e; }}");
                w.Line($"const float inverse = 1.0f / sum;");
                w.Line($"for (int j = 0; j < n; j++) a[j] *= inverse;");
            }
            w.Line();
        }
        if (_softmaxBackward)
        {
            w.Line($"// dL/da -> dL/dz through softmax: dz_j = a_j (g_j - sum_i a_i g_i); g and dz may be the same memory.");
            using (w.Block($"inline void softmax_vector_backward(__global const float* a, __global const float* grad, __global float* dz, const int n)"))
            {
                w.Line($"float dot = 0.0f;");
                w.Line($"for (int j = 0; j < n; j++) dot += a[j] * grad[j];");
                w.Line($"for (int j = 0; j < n; j++) dz[j] = a[j] * (grad[j] - dot);");
            }
            w.Line();
        }
        if (_uniform)
        {
            w.Line($"// A uniform number in [0, 1) from (seed, stream, index) alone (murmur3's finaliser), so a dropout mask does");
            w.Line($"// not depend on how work-items are scheduled; each dropout layer is its own stream.");
            using (w.Block($"inline uint mix32(uint h)"))
            {
                w.Line($"h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;");
                w.Line($"return h;");
            }
            using (w.Block($"inline float uniform01(const uint seed, const uint stream, const uint index)"))
            {
                w.Line($"const uint key = mix32(seed ^ (stream * 0x9E3779B9u));");
                w.Line($"return (float)(mix32(mix32(index ^ key) + key) >> 8) * (1.0f / 16777216.0f);");
            }
            w.Line();
        }
    }

    private static string Name<T>(SortedSet<T> requested, T value) where T : struct, Enum
    {
        requested.Add(value);
        return Casing.SnakeCase(value.ToString());
    }

    private static void Defines(CodeWriter w, IEnumerable<(string Name, string Value, string Comment)> defines)
    {
        var lines = defines.Select(d => ("#define " + d.Name + " " + d.Value, d.Comment)).ToList();
        int width = lines.Max(l => l.Item1.Length);
        foreach (var (text, comment) in lines) w.Line($"{text.PadRight(width)} // {comment}");
    }
}
