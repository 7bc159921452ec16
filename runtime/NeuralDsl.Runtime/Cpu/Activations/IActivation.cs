namespace NeuralDsl.Cpu;

/// <summary>
/// An element-wise activation as a type, so that kernels taking it as a generic struct argument are
/// specialised per activation by the JIT / AOT compiler (the fused epilogue is chosen by type, with no
/// branch or call per element). Each formula is written once, generic over the vector width
/// (<see cref="ISimd{TSelf}"/>: 512, 256 or 128-bit vectors, or one float). Derivatives are written in terms of the
/// activation's output <c>a</c>, so the backward pass needs no copy of the pre-activation.
/// </summary>
/// <remarks>The formulas compute their exp or log first: the operators of the <see cref="ISimd{TSelf}"/> structs keep C#'s
/// left-to-right order, so a vector computed before it is held across it and spilled to the stack on every iteration
/// (measured with AVX2: <c>1 / (1 + exp(−z))</c> in that order up to 40 % slower, depending on where the spill lands).
/// They are inlined into the element-wise loops (the JIT left the tanh out of line otherwise, 50 % slower).</remarks>
public interface IActivation
{
    internal static abstract TV Apply<TV>(TV z) where TV : struct, ISimd<TV>;

    /// <summary>da/dz expressed through the output a = f(z).</summary>
    internal static abstract TV Derivative<TV>(TV a) where TV : struct, ISimd<TV>;

    /// <summary>Whether the formula is a compare and a select or less (piecewise linear), cheap enough for the product
    /// kernels to apply to their accumulators before storing them (<see cref="TileActivation"/>).</summary>
    internal static virtual bool AppliesInRegisters => false;
}
