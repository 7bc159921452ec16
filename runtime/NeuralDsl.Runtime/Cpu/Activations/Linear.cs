using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary>Identity activation.</summary>
public readonly struct Linear : IActivation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Apply<TV>(TV z) => z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Derivative<TV>(TV a) => TV.One;

    static bool IActivation.AppliesInRegisters => true;
}
