using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary><c>max(0, z)</c>; derivative 1 where the output is positive (0 at z = 0, as TensorFlow).</summary>
public readonly struct Relu : IActivation
{
    public static float Apply(float z) => z > 0f ? z : 0f;
    public static Vector512<float> Apply(Vector512<float> z) => Vector512.Max(z, Vector512<float>.Zero);
    public static float Derivative(float a) => a > 0f ? 1f : 0f;
    public static Vector512<float> Derivative(Vector512<float> a) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, Vector512<float>.Zero), Vector512<float>.One, Vector512<float>.Zero);
}
