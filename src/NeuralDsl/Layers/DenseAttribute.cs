namespace NeuralDsl;

/// <summary>A fully connected layer: <c>a = activation(x · kernel + bias)</c>, kernel laid out [inputs, units] as Keras.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : WeightedLayerAttribute
{
    public DenseAttribute(int units, Activation activation = LayerDefaults.Activation) : base(activation) => Units = units;

    /// <summary>Number of output units.</summary>
    public int Units { get; }
}
