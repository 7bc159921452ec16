using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>Hyperbolic tangent; da/dz = 1 − a².</summary>
public readonly struct Tanh : IActivation
{
    public static float Apply(float z) => MathF.Tanh(z);

    // tanh(z) = 1 − 2 / (exp(2z) + 1); clamping keeps exp finite, where tanh is ±1 in float anyway.
    public static Vector512<float> Apply(Vector512<float> z)
    {
        var e = Vector512.Exp(Vector512.Min(Vector512.Max(z, Vector512.Create(-20f)), Vector512.Create(20f)) * 2f);
        return Vector512<float>.One - Vector512.Create(2f) / (e + Vector512<float>.One);
    }

    public static float Derivative(float a) => 1f - a * a;
    public static Vector512<float> Derivative(Vector512<float> a) => Vector512<float>.One - a * a;
}
