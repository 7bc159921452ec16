using System.Collections.Generic;
using NeuralDsl.Generators.Planning;
using static NeuralDsl.Generators.Emit.Cpu.CpuNames;
using static NeuralDsl.Generators.Emit.RuntimeNames;

namespace NeuralDsl.Generators.Emit.Cpu;

/// <summary>
/// One layer's part of the generated CPU passes: its forward and backward methods, written side by side, and the
/// statements that call them. One subclass per kind of layer, made by <see cref="CpuLayers"/>.
/// </summary>
internal abstract class CpuLayer
{
    protected CpuLayer(OpPlan op) => Op = op;

    public OpPlan Op { get; }

    /// <summary>The call running the layer forward on span expression <paramref name="input"/>, or null when the span
    /// passes on unchanged (the reason is <see cref="PassThrough"/>).</summary>
    public abstract string? ForwardCall(string input);

    /// <summary>The forward call on the span expressions of every input, the main one first, then those of
    /// <see cref="AlsoReads"/> (a merge, or a layer that reads more, overrides it).</summary>
    public virtual string? ForwardCall(System.Collections.Generic.IReadOnlyList<string> inputs) => ForwardCall(inputs[0]);

    /// <summary>Layers (by index; -1 the model's input) whose results this layer's forward pass reads besides its inputs: a
    /// Conv2D that adds an Add's second input in its epilogue.</summary>
    public virtual IEnumerable<int> AlsoReads => System.Array.Empty<int>();

    /// <summary>Why <see cref="ForwardCall"/> is null, for a comment in the forward pass.</summary>
    public virtual string PassThrough => "";

    /// <summary>The backward pass's statement for this layer: a call, or a comment saying why there is none.</summary>
    public abstract string BackwardStatement { get; }

    /// <summary>Workspace of this backend alone (besides the plan's buffers): element type, field, length in <c>rows</c>.</summary>
    public virtual IEnumerable<(string Type, string Field, string Length)> Scratch => System.Array.Empty<(string, string, string)>();

    /// <summary>Static fields the methods read (window geometry).</summary>
    public virtual void WriteStatics(CodeWriter w)
    {
    }

    /// <summary>The forward method and, when the layer runs backward, the backward method.</summary>
    public abstract void WriteMethods(CodeWriter w);

    /// <summary>The backward call, or a comment when nothing before the layer needs a gradient.</summary>
    protected string BackwardCallOrSkip(string call) =>
        Op.RunsBackward ? call : $"// {Op.Name}: no layer upstream of it has weights, so nothing needs its input gradient.";

    /// <summary>dL/da → dL/dz in place, computed from the layer's <paramref name="output"/>: nothing for linear, nothing
    /// when the loss gradient already is dL/dz.</summary>
    protected static void ActivationDerivative(CodeWriter w, Activation activation, bool fusedWithLoss, string output, string gradient, string columns)
    {
        if (fusedWithLoss)
            w.Line($"// {Contract.ContractNames.Keras(activation)}'s derivative is fused into the loss gradient, which already is dL/dz.");
        else if (activation == Activation.Softmax)
            w.Line($"{SoftmaxMath}.Backward({output}, {gradient}, rows, {columns});");
        else if (activation != Activation.Linear)
            w.Line($"{ActivationMath}.Backward<{ActivationType(activation)}>({output}, {gradient});");
    }

    /// <summary>What a backward method's summary says of the input gradient.</summary>
    protected string InputGradientText =>
        Op.Buffers.InputGradient is { } inputGradient
            ? "dL/d(input) into " + inputGradient.Layer + "'s gradient"
            : Op.Buffers.Input is null ? "no input gradient (first layer)" : "no input gradient (no layer upstream of it has weights)";

    /// <summary>A backward method takes the model input <c>x</c> when it reads its input and that input is the model's.</summary>
    protected string BackwardParameters(bool readsInput) => readsInput && Op.Buffers.Input is null ? $"{ReadOnlySpan} x, int rows" : "int rows";
}
