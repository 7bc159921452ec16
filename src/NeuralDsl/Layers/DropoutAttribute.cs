namespace NeuralDsl;

/// <summary>
/// Inverted dropout: during training each value is zeroed with probability <see cref="Rate"/> and the
/// survivors are scaled by 1 / (1 − rate); at inference the layer is the identity.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : LayerAttribute
{
    public DropoutAttribute(double rate) => Rate = rate;

    /// <summary>Fraction of values dropped, in [0, 1).</summary>
    public double Rate { get; }
}
