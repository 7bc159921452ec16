namespace NeuralDsl;

/// <summary>
/// A 2-D convolution over a height × width × channels input: <c>a = activation(conv(x, kernel) + bias)</c>,
/// kernel laid out [kernelHeight, kernelWidth, inputChannels, filters] as Keras.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : Attribute
{
    /// <summary>A square <paramref name="kernelSize"/> × <paramref name="kernelSize"/> kernel.</summary>
    public Conv2DAttribute(int filters, int kernelSize, Activation activation = Activation.Linear)
        : this(filters, kernelSize, kernelSize, activation)
    {
    }

    /// <summary>A <paramref name="kernelHeight"/> × <paramref name="kernelWidth"/> kernel.</summary>
    public Conv2DAttribute(int filters, int kernelHeight, int kernelWidth, Activation activation = Activation.Linear)
    {
        Filters = filters;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        Activation = activation;
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; }

    public int KernelHeight { get; }
    public int KernelWidth { get; }

    /// <summary>Activation applied to the layer's output.</summary>
    public Activation Activation { get; }

    /// <summary>Step of the window in both directions (Keras default 1).</summary>
    public int Strides { get; set; } = 1;

    /// <summary>Border handling (Keras default valid).</summary>
    public Padding Padding { get; set; } = Padding.Valid;

    /// <summary>Whether the layer adds a bias per filter.</summary>
    public bool UseBias { get; set; } = true;

    /// <summary>Initializer of the kernel (Keras default glorot_uniform; fans count the receptive field).</summary>
    public Initializer KernelInitializer { get; set; } = Initializer.GlorotUniform;

    /// <summary>Initializer of the bias (Keras default zeros).</summary>
    public Initializer BiasInitializer { get; set; } = Initializer.Zeros;

    /// <summary>Penalty on the kernel; its factors are <see cref="L1"/> and <see cref="L2"/>.</summary>
    public Regularizer KernelRegularizer { get; set; } = Regularizer.None;

    /// <summary>L1 factor (Keras default 0.01).</summary>
    public double L1 { get; set; } = 0.01;

    /// <summary>L2 factor (Keras default 0.01).</summary>
    public double L2 { get; set; } = 0.01;
}
