using System.Collections.Generic;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>
/// Where each tensor of a batch lives in the device workspace. The workspace is one buffer holding, per
/// slot, <c>cap</c> rows of the slot's width; a slot starts at <c>cap · offset</c>, where the offset is the sum of the
/// widths before it, so the kernels need only the capacity to find every slot. The batch's inputs and
/// targets come first, then per layer its output, the gradient of the loss with respect to that output and
/// its mask (dropout) or arg-max (max pooling). Flatten owns no slot: it aliases the slots of the pass before
/// it. A Dropout right after a Dense (other than softmax) is fused into the Dense's kernels, which then need
/// no gradient slot of their own.
/// </summary>
internal sealed class OpenClLayout
{
    private readonly List<OpenClSlot> _slots = new List<OpenClSlot>();
    private int _width;

    private OpenClLayout(ModelPlan plan)
    {
        int count = plan.Ops.Count;
        Output = new string[count];
        Gradient = new string?[count];
        Mask = new string?[count];
        FusedDropout = new bool[count];
        Input = Add("X_SLOT", plan.InputSize, "the batch's input rows");
        Targets = Add("Y_SLOT", plan.OutputSize, "the batch's target rows");
        for (int i = 0; i < count; i++)
        {
            var op = plan.Ops[i];
            string upper = op.Name.ToUpperInvariant();
            if (op is FlattenOp)
            {
                // A reshape: the same values, so the same slots.
                Output[i] = i == 0 ? Input : Output[i - 1];
                Gradient[i] = i == 0 ? null : Gradient[i - 1];
                continue;
            }
            FusedDropout[i] = op is DropoutOp && i > 0 && plan.Ops[i - 1] is DenseOp dense && dense.Activation != Activation.Softmax;
            Output[i] = Add(upper + "_OUT", op.Output.Size, op.Name + " output");
            if (op is DropoutOp || op is PoolOp { IsMax: true })
                Mask[i] = Add(upper + (op is DropoutOp ? "_MASK" : "_ARGMAX"), op.Output.Size,
                    op is DropoutOp ? op.Name + " mask (0 or 1 / (1 − rate))" : op.Name + " arg-max per output (index in the input row)");
            bool aliasesPrevious = op is ActivationOp { FusedWithLoss: true };
            bool feedsFusedDropout = i + 1 < count && op is DenseOp { Activation: not Activation.Softmax } && plan.Ops[i + 1] is DropoutOp;
            if (!op.RunsBackward || feedsFusedDropout) Gradient[i] = null;
            else if (aliasesPrevious) Gradient[i] = Gradient[i - 1];
            else Gradient[i] = Add(upper + "_GRAD", op.Output.Size, "dL/d(" + op.Name + " output)");
        }
    }

    /// <summary>The model input slot (<c>X_SLOT</c>).</summary>
    public string Input { get; }

    /// <summary>The target slot (<c>Y_SLOT</c>).</summary>
    public string Targets { get; }

    /// <summary>Per op: the slot of its output.</summary>
    public string[] Output { get; }

    /// <summary>Per op: the slot of dL/d(output), or null when nothing writes it.</summary>
    public string?[] Gradient { get; }

    /// <summary>Per op: the dropout mask or max-pooling arg-max slot.</summary>
    public string?[] Mask { get; }

    /// <summary>Per op: a dropout whose forward and backward run inside the Dense before it.</summary>
    public bool[] FusedDropout { get; }

    public IReadOnlyList<OpenClSlot> Slots => _slots;

    /// <summary>Floats per row of the whole workspace.</summary>
    public int Width => _width;

    public int OffsetOf(string slot)
    {
        foreach (var s in _slots)
            if (s.Name == slot) return s.Offset;
        throw new KeyNotFoundException(slot);
    }

    /// <summary>The slot holding the input of op <paramref name="index"/>.</summary>
    public string InputOf(int index) => index == 0 ? Input : Output[index - 1];

    /// <summary>The slot receiving dL/d(input) of op <paramref name="index"/>, or null for none.</summary>
    public string? InputGradientOf(int index) => index == 0 ? null : Gradient[index - 1];

    public static OpenClLayout Create(ModelPlan plan) => new OpenClLayout(plan);

    private string Add(string name, int width, string comment)
    {
        _slots.Add(new OpenClSlot(name, _width, width, comment));
        _width += width;
        return name;
    }
}

/// <summary>One workspace slot: <paramref name="Width"/> floats per row, starting at <c>cap · Offset</c>.</summary>
internal sealed record OpenClSlot(string Name, int Offset, int Width, string Comment);
