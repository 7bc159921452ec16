namespace NeuralDsl.Cpu;

/// <summary>Identity activation.</summary>
public readonly struct Linear : IActivation
{
    static TV IActivation.Apply<TV>(TV z) => z;

    static TV IActivation.Derivative<TV>(TV a) => TV.One;
}
