// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>How a convolution or pooling window treats the border, as Keras's <c>padding</c>.</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum Padding
{
    /// <summary>No padding: the output is <c>floor((input − window) / stride) + 1</c>.</summary>
    Valid,
    /// <summary>Zero padding (split evenly, the extra row or column at the bottom / right): the output is <c>ceil(input / stride)</c>.</summary>
    Same,
}
