// The generator compiles this file too (linked): the OpenCL formulas it writes use the values the CPU math uses.
namespace NeuralDsl;

/// <summary>The constants in the activation and loss formulas, shared by the CPU math and the generated OpenCL.</summary>
internal static class FormulaConstants
{
    /// <summary>Slope of leaky ReLU below zero (keras.activations.leaky_relu's default).</summary>
    public const float LeakyReluSlope = 0.2f;

    /// <summary>Losses clip probabilities to [ε, 1 − ε] (Keras's epsilon).</summary>
    public const float LossEpsilon = 1e-7f;
}
