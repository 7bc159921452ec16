// The generator compiles this file too (linked), as an internal type: the OpenCL kernels it writes compare their
// `mode` argument with these values.
namespace NeuralDsl;

/// <summary>How a forward pass treats dropout: not at all (inference), with fresh masks, or with the masks of the
/// previous training pass (so that a loss can be evaluated twice under one mask, as gradient checks do).</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum PassMode
{
    /// <summary>Inference: dropout is the identity.</summary>
    Inference = 0,

    /// <summary>Training with freshly drawn dropout masks.</summary>
    Training = 1,

    /// <summary>Training with the dropout masks of the previous training pass.</summary>
    TrainingWithFrozenMasks = 2,
}
