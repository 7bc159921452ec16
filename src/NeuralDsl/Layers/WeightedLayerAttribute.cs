namespace NeuralDsl;

/// <summary>What the layers with weights (<see cref="DenseAttribute"/>, <see cref="Conv2DAttribute"/>) share: the
/// activation fused into their output, the bias, how the kernel and bias start and the kernel's penalty.</summary>
public abstract class WeightedLayerAttribute : LayerAttribute
{
    private protected WeightedLayerAttribute(Activation activation) => Activation = activation;

    /// <summary>Activation applied to the layer's output.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a bias (one per unit or filter).</summary>
    public bool UseBias { get; set; } = LayerDefaults.UseBias;

    /// <summary>Initializer of the kernel (Keras default glorot_uniform; a convolution's fans count its receptive field).</summary>
    public Initializer KernelInitializer { get; set; } = LayerDefaults.KernelInitializer;

    /// <summary>Initializer of the bias (Keras default zeros).</summary>
    public Initializer BiasInitializer { get; set; } = LayerDefaults.BiasInitializer;

    /// <summary>Penalty on the kernel (Keras <c>kernel_regularizer</c>); its factors are <see cref="L1"/> and <see cref="L2"/>.
    /// Not written, it is implied by the factors written: <c>L2 = 0.5</c> alone is <see cref="Regularizer.L2"/> (Keras
    /// <c>l2(0.5)</c>), <c>L1</c> alone <see cref="Regularizer.L1"/>, both <see cref="Regularizer.L1L2"/>; with neither, none.
    /// Written, a factor it does not use is a compile-time error (NDSL031), e.g. <c>L2</c> beside
    /// <see cref="Regularizer.L1"/>: write <see cref="Regularizer.L1L2"/>, or remove the factor.</summary>
    public Regularizer KernelRegularizer { get; set; } = LayerDefaults.KernelRegularizer;

    /// <summary>L1 factor: <c>L1 · Σ|w|</c> is added to the loss. Written alone it implies <see cref="Regularizer.L1"/>
    /// (with <see cref="L2"/>, <see cref="Regularizer.L1L2"/>); not written, <see cref="Regularizer.L1"/> and
    /// <see cref="Regularizer.L1L2"/> use Keras's default 0.01. Must be finite and non-negative (NDSL015).</summary>
    public double L1 { get; set; } = LayerDefaults.L1;

    /// <summary>L2 factor: <c>L2 · Σw²</c> is added to the loss. Written alone it implies <see cref="Regularizer.L2"/>
    /// (with <see cref="L1"/>, <see cref="Regularizer.L1L2"/>); not written, <see cref="Regularizer.L2"/> and
    /// <see cref="Regularizer.L1L2"/> use Keras's default 0.01. Must be finite and non-negative (NDSL015).</summary>
    public double L2 { get; set; } = LayerDefaults.L2;

    /// <summary>Whether training updates the layer's kernel and bias (Keras <c>trainable</c>, default true). A frozen layer gets
    /// no weight gradients and no optimizer update; <c>SequentialModel.SetTrainable</c> changes it at run time.</summary>
    public bool Trainable { get; set; } = LayerDefaults.Trainable;
}
