namespace NeuralDsl;

/// <summary>2-D max pooling: the maximum of each window, per channel.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPooling2DAttribute : Attribute
{
    /// <summary>A square <paramref name="poolSize"/> × <paramref name="poolSize"/> window.</summary>
    public MaxPooling2DAttribute(int poolSize) : this(poolSize, poolSize)
    {
    }

    /// <summary>A <paramref name="poolHeight"/> × <paramref name="poolWidth"/> window.</summary>
    public MaxPooling2DAttribute(int poolHeight, int poolWidth)
    {
        PoolHeight = poolHeight;
        PoolWidth = poolWidth;
    }

    public int PoolHeight { get; }
    public int PoolWidth { get; }

    /// <summary>Step of the window in both directions; 0 (the default) means the pool size, as Keras's <c>strides=None</c>.</summary>
    public int Strides { get; set; }

    /// <summary>Border handling (Keras default valid).</summary>
    public Padding Padding { get; set; } = Padding.Valid;
}
