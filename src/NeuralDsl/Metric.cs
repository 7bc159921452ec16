// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>Metrics recorded per epoch besides the loss; combine with <c>|</c>.</summary>
[System.Flags]
#if !NEURALDSL_GENERATOR
public
#endif
enum Metric
{
    /// <summary>Only the loss.</summary>
    None = 0,
    /// <summary>Binary accuracy (threshold 0.5) for one output unit, categorical (arg-max) accuracy otherwise.</summary>
    Accuracy = 1,
    /// <summary>Precision of the positive class (binary) or macro-averaged over classes (categorical).</summary>
    Precision = 2,
    /// <summary>Recall of the positive class (binary) or macro-averaged over classes (categorical).</summary>
    Recall = 4,
}
