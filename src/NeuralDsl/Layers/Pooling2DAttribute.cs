namespace NeuralDsl;

/// <summary>What max and average pooling share: the window, its stride and the border handling.</summary>
public abstract class Pooling2DAttribute : LayerAttribute
{
    private protected Pooling2DAttribute(int poolHeight, int poolWidth)
    {
        PoolHeight = poolHeight;
        PoolWidth = poolWidth;
    }

    public int PoolHeight { get; }
    public int PoolWidth { get; }

    /// <summary>Step of the window in both directions; 0 (the default) means the pool size, as Keras's <c>strides=None</c>.</summary>
    public int Strides { get; set; } = LayerDefaults.PoolingStrides;

    /// <summary>Border handling (Keras default valid).</summary>
    public Padding Padding { get; set; } = LayerDefaults.Padding;
}
