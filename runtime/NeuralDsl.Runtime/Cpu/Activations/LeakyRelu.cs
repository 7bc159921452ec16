using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary><c>z</c> if positive, else <c>0.2·z</c> (keras.activations.leaky_relu's default slope).
/// The output keeps the sign of z, so the derivative follows from it.</summary>
public readonly struct LeakyRelu : IActivation
{
    public const float Slope = FormulaConstants.LeakyReluSlope;

    public static float Apply(float z) => z > 0f ? z : Slope * z;
    public static Vector512<float> Apply(Vector512<float> z) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<float>.Zero), z, z * Slope);
    public static float Derivative(float a) => a > 0f ? 1f : Slope;
    public static Vector512<float> Derivative(Vector512<float> a) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<float>.Zero), Vector512<float>.One, Vector512.Create(Slope));
}
