// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>Training objectives. Each is averaged over the rows of a batch, as in Keras.</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum Loss
{
    /// <summary>Mean over outputs of (y − ŷ)².</summary>
    MeanSquaredError,
    /// <summary>Mean over outputs of |y − ŷ|.</summary>
    MeanAbsoluteError,
    /// <summary>Mean over outputs of −y·log ŷ − (1 − y)·log(1 − ŷ); targets in [0, 1].</summary>
    BinaryCrossentropy,
    /// <summary>−Σ y·log ŷ over one-hot (or probability) targets.</summary>
    CategoricalCrossentropy,
    /// <summary>Categorical cross-entropy with integer class labels as targets.</summary>
    SparseCategoricalCrossentropy,
}
