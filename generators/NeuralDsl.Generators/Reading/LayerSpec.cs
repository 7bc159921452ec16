using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary>
/// One layer attribute as written, with where it was written. Values are kept raw (an enum may be undefined, a rate out
/// of range). A layer kind's record also says what its kind does at each front-end step: <see cref="CheckOptions"/>
/// (Shapes: values alone), <see cref="InferShape"/> (Shapes: from the inputs' shapes), <see cref="TensorSpecs"/> and
/// <see cref="CreateOp"/> (Planning), so that a new kind lives in its own files; the steps dispatch to them.
/// </summary>
internal abstract record LayerSpec(LocationInfo Location)
{
    /// <summary>The attribute's name without "Attribute": Input, Dense, Conv2D, BatchNormalization…</summary>
    public abstract string Kind { get; }

    /// <summary>How diagnostics name the layer, e.g. <c>Dense(10)</c>, <c>Dropout(1.5)</c>.</summary>
    public abstract string Display { get; }

    /// <summary>The name written with <c>Name = "..."</c> (or taken over from a reused model), or null for Keras's numbering.</summary>
    public string? Name { get; init; }

    /// <summary>The earlier layer written with <c>From = "..."</c> whose output this one reads, or null for the layer before it.</summary>
    public string? From { get; init; }

    /// <summary>The other layers a merge reads after its first input (Add, Concatenate), by name; empty for the others.</summary>
    public virtual EquatableArray<string> Merged => EquatableArray<string>.Empty;

    /// <summary>The same merge reading <paramref name="names"/> instead (a block instance renames what its layers read).</summary>
    public virtual LayerSpec WithMerged(EquatableArray<string> names) => this;

    /// <summary>Another name this layer's main input may be read by (a block instance's input), or null.</summary>
    public string? InputAlias { get; init; }

    /// <summary>For a layer of a block instance, which instance of which [Repeat]; null for the model's own layers.</summary>
    public BlockInstance? Instance { get; init; }

    /// <summary>The layer as a block instance uses it: filter and unit counts multiplied by <paramref name="filters"/>,
    /// <c>Strides = BlockAttribute.Strides</c> replaced by <paramref name="strides"/>. Layers without either stay as they are.</summary>
    public virtual LayerSpec ForInstance(int filters, int strides) => this;

    /// <summary>The weight options of a layer with weights (Dense, Conv2D), or null.</summary>
    public virtual WeightOptions? WeightOptions => null;

    /// <summary>Whether the layer owns trainable weights (Dense, Conv2D, BatchNormalization with gamma or beta).</summary>
    public virtual bool HasWeights => WeightOptions is not null;

    /// <summary>Whether the layer starts trainable (Keras's <c>trainable</c>): false for a frozen layer.</summary>
    public virtual bool Trainable => WeightOptions?.Trainable ?? true;

    /// <summary>The same layer frozen (<c>[Reuse(..., Trainable = false)]</c>); a layer without weights stays as it is.</summary>
    public virtual LayerSpec Frozen() => this;

    /// <summary>The activation the layer applies to its output (Dense, Conv2D, Activation), or null.</summary>
    public virtual Activation? OutputActivation => null;

    /// <summary>Whether the layer is the identity at inference (Dropout, the augmentation layers): the loss looks through it.</summary>
    public virtual bool IsTrainingOnly => false;

    /// <summary>How comments and loss messages describe the layer, with its activation: <c>Dense(10, softmax)</c>.</summary>
    public virtual string Description =>
        OutputActivation is { } activation && activation != Activation.Linear
            ? Display.Substring(0, Display.Length - 1) + ", " + ContractNames.Keras(activation) + ")"
            : Display;

    /// <summary>Checks of the options that do not depend on shapes (positive sizes, defined enum values, rates in range).</summary>
    public virtual void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
    }

    /// <summary>The output shape from the inputs' shapes, or null (with a diagnostic, unless one already said why) when
    /// the layer cannot take them. Only layers after the input are shaped.</summary>
    public virtual ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics) => null;

    /// <summary>The tensors the layer owns in the parameter buffer, in buffer order (none by default).</summary>
    public virtual IEnumerable<TensorSpec> TensorSpecs(ShapedLayer layer) => System.Array.Empty<TensorSpec>();

    /// <summary>The buffers the forward pass keeps for backward besides the output (a mask, an arg-max…), with their
    /// widths per row.</summary>
    public virtual IEnumerable<(BufferRole Role, int Width)> KeptBuffers(ShapedLayer layer) => System.Array.Empty<(BufferRole, int)>();

    /// <summary>The planned pass of this layer (only layers after the input are planned).</summary>
    public virtual OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) =>
        throw new System.InvalidOperationException(Kind + " is not a layer that is planned");
}
