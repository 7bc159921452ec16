// The generator compiles this file too (linked), as an internal type: the OpenCL kernels it writes compare their
// `mode` argument with these values.
namespace NeuralDsl;

/// <summary>How a forward pass treats the layers that train differently from how they predict: inference (dropout and
/// augmentation are the identity, BatchNormalization uses its moving statistics), a training pass that draws afresh
/// (dropout masks, augmentation draws) and moves BatchNormalization's moving statistics, or a training pass that reuses
/// the previous one's draws and leaves the moving statistics, so that a loss can be evaluated twice as one function of
/// the weights (gradient checks).</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum PassMode
{
    /// <summary>Inference: dropout and augmentation are the identity; BatchNormalization uses its moving statistics.</summary>
    Inference = 0,

    /// <summary>Training with fresh draws (dropout masks, augmentation); BatchNormalization normalizes with the batch's
    /// statistics and moves its moving statistics.</summary>
    Training = 1,

    /// <summary>Training with the draws of the previous training pass; BatchNormalization uses the batch's statistics but
    /// leaves its moving statistics.</summary>
    TrainingWithFrozenMasks = 2,
}
