using System.Runtime.CompilerServices;

namespace NeuralDsl.Cpu;

/// <summary>The scalar parameters of an <see cref="IElementwiseStep"/> (a learning rate, a factor), up to four; unused
/// ones are 0.</summary>
internal readonly record struct StepScalars(float First = 0f, float Second = 0f, float Third = 0f, float Fourth = 0f);

/// <summary>
/// <see cref="StepScalars"/> broadcast to vectors of <typeparamref name="TV"/>, once before a loop. Written inside a
/// step, <c>TV.Create(scalar)</c> would broadcast on every vector: the JIT does not hoist it out of the loop through
/// the <see cref="ISimd{TSelf}"/> structs (measured: Adam's update 10 % slower with AVX2).
/// </summary>
internal readonly struct StepScalars<TV> where TV : struct, ISimd<TV>
{
    public readonly TV First, Second, Third, Fourth;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StepScalars(StepScalars scalars)
    {
        First = TV.Create(scalars.First);
        Second = TV.Create(scalars.Second);
        Third = TV.Create(scalars.Third);
        Fourth = TV.Create(scalars.Fourth);
    }
}
