// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>Weight initializers with Keras's names and defaults.</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum Initializer
{
    /// <summary>Uniform in [−0.05, 0.05].</summary>
    RandomUniform,
    /// <summary>Normal with mean 0 and σ 0.05.</summary>
    RandomNormal,
    /// <summary>All zeros (the default for biases).</summary>
    Zeros,
    /// <summary>All ones.</summary>
    Ones,
    /// <summary>Uniform in ±sqrt(6 / (fanIn + fanOut)) (the default for kernels).</summary>
    GlorotUniform,
    /// <summary>Truncated normal (±2σ) with σ = sqrt(2 / (fanIn + fanOut)).</summary>
    GlorotNormal,
    /// <summary>Uniform in ±sqrt(6 / fanIn).</summary>
    HeUniform,
    /// <summary>Truncated normal (±2σ) with σ = sqrt(2 / fanIn).</summary>
    HeNormal,
}
