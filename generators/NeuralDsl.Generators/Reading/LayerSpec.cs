using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Reading;

/// <summary>One layer attribute as written, with where it was written. Values are kept raw (an enum may
/// be undefined, a rate out of range): checking them is the job of the Shapes step.</summary>
internal abstract record LayerSpec(LocationInfo Location)
{
    /// <summary>The attribute's name without "Attribute": Input, Dense, Dropout, Activation,
    /// Conv2D, MaxPooling2D, AveragePooling2D, Flatten.</summary>
    public abstract string Kind { get; }

    /// <summary>How diagnostics name the layer, e.g. <c>Dense(10)</c>, <c>Dropout(1.5)</c>.</summary>
    public abstract string Display { get; }

    /// <summary>The name written with <c>Name = "..."</c> (or taken over from a reused model), or null for Keras's numbering.</summary>
    public string? Name { get; init; }

    /// <summary>The weight options of a layer with weights (Dense, Conv2D), or null.</summary>
    public virtual WeightOptions? WeightOptions => null;

    /// <summary>The activation the layer applies to its output (Dense, Conv2D, Activation), or null.</summary>
    public virtual Activation? OutputActivation => null;

    /// <summary>How comments and loss messages describe the layer, with its activation: <c>Dense(10, softmax)</c>.</summary>
    public virtual string Description =>
        OutputActivation is { } activation && activation != Activation.Linear
            ? Display.Substring(0, Display.Length - 1) + ", " + ContractNames.Keras(activation) + ")"
            : Display;
}
