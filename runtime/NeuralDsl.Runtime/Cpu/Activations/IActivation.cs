namespace NeuralDsl.Cpu;

/// <summary>
/// An element-wise activation as a type, so that kernels taking it as a generic struct argument are
/// specialised per activation by the JIT / AOT compiler (the fused epilogue is chosen by type, with no
/// branch or call per element). Each formula is written once, generic over the vector width
/// (<see cref="ISimd{TSelf}"/>: 512, 256 or 128-bit vectors, or one float). Derivatives are written in terms of the
/// activation's output <c>a</c>, so the backward pass needs no copy of the pre-activation.
/// </summary>
public interface IActivation
{
    internal static abstract TV Apply<TV>(TV z) where TV : struct, ISimd<TV>;

    /// <summary>da/dz expressed through the output a = f(z).</summary>
    internal static abstract TV Derivative<TV>(TV a) where TV : struct, ISimd<TV>;
}
