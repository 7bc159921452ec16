using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary><c>z</c> if positive, else <c>exp(z) − 1</c> (alpha 1). For z ≤ 0, da/dz = exp(z) = a + 1.</summary>
public readonly struct Elu : IActivation
{
    public static float Apply(float z) => z > 0f ? z : MathF.Exp(z) - 1f;
    public static Vector512<float> Apply(Vector512<float> z) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(z, Vector512<float>.Zero), z,
            Vector512.Exp(Vector512.Min(z, Vector512<float>.Zero)) - Vector512<float>.One);
    public static float Derivative(float a) => a > 0f ? 1f : a + 1f;
    public static Vector512<float> Derivative(Vector512<float> a) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<float>.Zero), Vector512<float>.One, a + Vector512<float>.One);
}
