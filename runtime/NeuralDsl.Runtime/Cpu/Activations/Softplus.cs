using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary><c>log(1 + exp(z))</c>, computed as <c>max(z, 0) + log(1 + exp(−|z|))</c> to avoid overflow.
/// da/dz = sigmoid(z) = 1 − exp(−a).</summary>
public readonly struct Softplus : IActivation
{
    public static float Apply(float z) => MathF.Max(z, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(z)));
    public static Vector512<float> Apply(Vector512<float> z) =>
        Vector512.Max(z, Vector512<float>.Zero) + Vector512.Log(Vector512<float>.One + Vector512.Exp(-Vector512.Abs(z)));
    public static float Derivative(float a) => 1f - MathF.Exp(-a);
    public static Vector512<float> Derivative(Vector512<float> a) => Vector512<float>.One - Vector512.Exp(-a);
}
