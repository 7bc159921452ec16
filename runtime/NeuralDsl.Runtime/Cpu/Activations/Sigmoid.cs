namespace NeuralDsl.Cpu;

/// <summary><c>1 / (1 + exp(−z))</c>; da/dz = a·(1 − a).</summary>
public readonly struct Sigmoid : IActivation
{
    static TV IActivation.Apply<TV>(TV z) => TV.One / (TV.One + TV.Exp(-z));

    static TV IActivation.Derivative<TV>(TV a) => a * (TV.One - a);
}
