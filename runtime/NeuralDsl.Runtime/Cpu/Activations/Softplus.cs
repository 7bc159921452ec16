namespace NeuralDsl.Cpu;

/// <summary><c>log(1 + exp(z))</c>, computed as <c>max(z, 0) + log(1 + exp(−|z|))</c> to avoid overflow.
/// da/dz = sigmoid(z) = 1 − exp(−a).</summary>
public readonly struct Softplus : IActivation
{
    static TV IActivation.Apply<TV>(TV z) => TV.Max(z, TV.Zero) + TV.Log(TV.One + TV.Exp(-TV.Abs(z)));

    static TV IActivation.Derivative<TV>(TV a) => TV.One - TV.Exp(-a);
}
