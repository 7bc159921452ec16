using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary><c>max(0, z)</c>; derivative 1 where the output is positive (0 at z = 0, as TensorFlow).</summary>
public readonly struct Relu : IActivation
{
    // z on the right: a NaN stays NaN, so a diverging model shows in its loss.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Apply<TV>(TV z) => TV.Max(TV.Zero, z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Derivative<TV>(TV a) => TV.ConditionalSelect(TV.GreaterThan(a, TV.Zero), TV.One, TV.Zero);

    static bool IActivation.AppliesInRegisters => true;
}
