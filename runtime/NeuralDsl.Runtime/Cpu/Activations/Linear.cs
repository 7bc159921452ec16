using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>Identity activation.</summary>
public readonly struct Linear : IActivation
{
    public static float Apply(float z) => z;
    public static Vector512<float> Apply(Vector512<float> z) => z;
    public static float Derivative(float a) => 1f;
    public static Vector512<float> Derivative(Vector512<float> a) => Vector512<float>.One;
}
