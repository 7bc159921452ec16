// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>Weight penalties added to the loss, as Keras's <c>kernel_regularizer</c>. A layer's <c>L1</c> / <c>L2</c> factor
/// written without <c>KernelRegularizer</c> implies the kind that uses it (<c>L2 = 0.5</c> is Keras's <c>l2(0.5)</c>).</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum Regularizer
{
    /// <summary>No penalty.</summary>
    None,
    /// <summary><c>L1 · Σ|w|</c>.</summary>
    L1,
    /// <summary><c>L2 · Σw²</c>.</summary>
    L2,
    /// <summary>Elastic net: <c>L1 · Σ|w| + L2 · Σw²</c>.</summary>
    L1L2,
}
