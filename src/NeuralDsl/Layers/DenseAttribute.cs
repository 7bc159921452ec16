namespace NeuralDsl;

/// <summary>A fully connected layer: <c>a = activation(x · kernel + bias)</c>, kernel laid out [inputs, units] as Keras.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    public DenseAttribute(int units, Activation activation = Activation.Linear)
    {
        Units = units;
        Activation = activation;
    }

    /// <summary>Number of output units.</summary>
    public int Units { get; }

    /// <summary>Activation applied to the layer's output.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a bias vector.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Initializer of the kernel (Keras default glorot_uniform).</summary>
    public Initializer KernelInitializer { get; set; } = Initializer.GlorotUniform;

    /// <summary>Initializer of the bias (Keras default zeros).</summary>
    public Initializer BiasInitializer { get; set; } = Initializer.Zeros;

    /// <summary>Penalty on the kernel; its factors are <see cref="L1"/> and <see cref="L2"/>.</summary>
    public Regularizer KernelRegularizer { get; set; } = Regularizer.None;

    /// <summary>L1 factor used by <see cref="Regularizer.L1"/> and <see cref="Regularizer.L1L2"/> (Keras default 0.01).</summary>
    public double L1 { get; set; } = 0.01;

    /// <summary>L2 factor used by <see cref="Regularizer.L2"/> and <see cref="Regularizer.L1L2"/> (Keras default 0.01).</summary>
    public double L2 { get; set; } = 0.01;
}
