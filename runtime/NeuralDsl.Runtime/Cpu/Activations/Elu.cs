using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary><c>z</c> if positive, else <c>exp(z) − 1</c> (alpha 1). For z ≤ 0, da/dz = exp(z) = a + 1.</summary>
public readonly struct Elu : IActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Apply<TV>(TV z)
    {
        var negative = TV.Exp(TV.Min(TV.Zero, z)) - TV.One;
        return TV.ConditionalSelect(TV.GreaterThan(z, TV.Zero), z, negative);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Derivative<TV>(TV a) => TV.ConditionalSelect(TV.GreaterThan(a, TV.Zero), TV.One, a + TV.One);
}
