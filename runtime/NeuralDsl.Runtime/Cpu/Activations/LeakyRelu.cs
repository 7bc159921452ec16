using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary><c>z</c> if positive, else <c>0.2·z</c> (keras.activations.leaky_relu's default slope).
/// The output keeps the sign of z, so the derivative follows from it.</summary>
public readonly struct LeakyRelu : IActivation
{
    public const float Slope = FormulaConstants.LeakyReluSlope;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Apply<TV>(TV z) => TV.ConditionalSelect(TV.GreaterThan(z, TV.Zero), z, z * TV.Create(Slope));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static TV IActivation.Derivative<TV>(TV a) => TV.ConditionalSelect(TV.GreaterThan(a, TV.Zero), TV.One, TV.Create(Slope));

    static bool IActivation.AppliesInRegisters => true;
}
