using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary><c>1 / (1 + exp(−z))</c>; da/dz = a·(1 − a).</summary>
public readonly struct Sigmoid : IActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Apply<TV>(TV z)
    {
        var denominator = TV.Exp(-z) + TV.One;
        return TV.One / denominator;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Derivative<TV>(TV a) => a * (TV.One - a);
}
