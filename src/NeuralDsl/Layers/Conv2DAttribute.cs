namespace NeuralDsl;

/// <summary>
/// A 2-D convolution over a height × width × channels input: <c>a = activation(conv(x, kernel) + bias)</c>,
/// kernel laid out [kernelHeight, kernelWidth, inputChannels, filters] as Keras.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class Conv2DAttribute : WeightedLayerAttribute
{
    /// <summary>A square <paramref name="kernelSize"/> × <paramref name="kernelSize"/> kernel.</summary>
    public Conv2DAttribute(int filters, int kernelSize, Activation activation = LayerDefaults.Activation)
        : this(filters, kernelSize, kernelSize, activation)
    {
    }

    /// <summary>A <paramref name="kernelHeight"/> × <paramref name="kernelWidth"/> kernel.</summary>
    public Conv2DAttribute(int filters, int kernelHeight, int kernelWidth, Activation activation = LayerDefaults.Activation) : base(activation)
    {
        Filters = filters;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
    }

    /// <summary>Number of output channels.</summary>
    public int Filters { get; }

    public int KernelHeight { get; }
    public int KernelWidth { get; }

    /// <summary>Step of the window in both directions (Keras default 1).</summary>
    public int Strides { get; set; } = LayerDefaults.Conv2DStrides;

    /// <summary>Border handling (Keras default valid).</summary>
    public Padding Padding { get; set; } = LayerDefaults.Padding;
}
