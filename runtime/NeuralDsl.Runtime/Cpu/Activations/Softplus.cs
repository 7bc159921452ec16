using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary><c>log(1 + exp(z))</c>, computed as <c>max(z, 0) + log(1 + exp(−|z|))</c> to avoid overflow.
/// da/dz = sigmoid(z) = 1 − exp(−a).</summary>
public readonly struct Softplus : IActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Apply<TV>(TV z) => TV.Log(TV.Exp(-TV.Abs(z)) + TV.One) + TV.Max(TV.Zero, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Derivative<TV>(TV a) => TV.One - TV.Exp(-a);
}
