// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>Which flips RandomFlip may make (Keras's mode strings).</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum Flip
{
    /// <summary>Left-right and upside-down, each on its own (Keras "horizontal_and_vertical", the default).</summary>
    HorizontalAndVertical,
    /// <summary>Left-right only (Keras "horizontal").</summary>
    Horizontal,
    /// <summary>Upside-down only (Keras "vertical").</summary>
    Vertical,
}
