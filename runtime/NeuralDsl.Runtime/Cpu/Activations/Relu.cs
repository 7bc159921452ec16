namespace NeuralDsl.Cpu;

/// <summary><c>max(0, z)</c>; derivative 1 where the output is positive (0 at z = 0, as TensorFlow).</summary>
public readonly struct Relu : IActivation
{
    static TV IActivation.Apply<TV>(TV z) => TV.Max(z, TV.Zero);

    static TV IActivation.Derivative<TV>(TV a) => TV.ConditionalSelect(TV.GreaterThan(a, TV.Zero), TV.One, TV.Zero);
}
