using System.Runtime.Intrinsics;

namespace NeuralDsl.Cpu;

/// <summary>
/// An element-wise activation as a type, so that kernels taking it as a generic struct argument are
/// specialised per activation by the JIT / AOT compiler (the fused epilogue is chosen by type, with no
/// branch or call per element). Derivatives are written in terms of the activation's output <c>a</c>,
/// so the backward pass needs no copy of the pre-activation.
/// </summary>
public interface IActivation
{
    static abstract float Apply(float z);
    static abstract Vector512<float> Apply(Vector512<float> z);

    /// <summary>da/dz expressed through the output a = f(z).</summary>
    static abstract float Derivative(float a);
    static abstract Vector512<float> Derivative(Vector512<float> a);
}
