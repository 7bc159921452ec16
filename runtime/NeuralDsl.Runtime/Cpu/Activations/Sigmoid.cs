using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary><c>1 / (1 + exp(−z))</c>; da/dz = a·(1 − a).</summary>
public readonly struct Sigmoid : IActivation
{
    public static float Apply(float z) => 1f / (1f + MathF.Exp(-z));
    public static Vector512<float> Apply(Vector512<float> z) =>
        Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-z));
    public static float Derivative(float a) => a * (1f - a);
    public static Vector512<float> Derivative(Vector512<float> a) => a * (Vector512<float>.One - a);
}
