// The generator compiles this file too (linked), where the type is internal: its enum values are the contract's own.
namespace NeuralDsl;

/// <summary>Element-wise (or, for softmax, row-wise) activation functions, named as in Keras.</summary>
#if !NEURALDSL_GENERATOR
public
#endif
enum Activation
{
    /// <summary>Identity: <c>a = z</c>.</summary>
    Linear,
    /// <summary><c>max(0, z)</c>.</summary>
    Relu,
    /// <summary><c>z</c> for positive z, else <c>0.2·z</c> (keras.activations.leaky_relu's default slope).</summary>
    LeakyRelu,
    /// <summary><c>z</c> for positive z, else <c>exp(z) − 1</c> (alpha 1.0, as Keras).</summary>
    Elu,
    /// <summary><c>1 / (1 + exp(−z))</c>.</summary>
    Sigmoid,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>Row-wise <c>exp(z) / Σ exp(z)</c>; fused with categorical cross-entropy when it feeds that loss.</summary>
    Softmax,
    /// <summary><c>log(1 + exp(z))</c>.</summary>
    Softplus,
}
