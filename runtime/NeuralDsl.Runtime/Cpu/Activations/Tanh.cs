using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary>Hyperbolic tangent; da/dz = 1 − a².</summary>
public readonly struct Tanh : IActivation
{
    // tanh(z) = 1 − 2 / (exp(2z) + 1); clamping keeps exp finite, where tanh is ±1 in float anyway.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Apply<TV>(TV z)
    {
        var e = TV.Exp(TV.Min(TV.Create(20f), TV.Max(TV.Create(-20f), z)) * TV.Create(2f));
        return TV.One - TV.Create(2f) / (e + TV.One);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Derivative<TV>(TV a) => TV.One - a * a;
}
