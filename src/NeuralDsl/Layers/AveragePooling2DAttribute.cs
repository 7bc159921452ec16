namespace NeuralDsl;

/// <summary>2-D average pooling: the mean (padding excluded from the count, as TensorFlow) of each window, per channel.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AveragePooling2DAttribute : Pooling2DAttribute
{
    /// <summary>A square <paramref name="poolSize"/> × <paramref name="poolSize"/> window.</summary>
    public AveragePooling2DAttribute(int poolSize) : base(poolSize, poolSize)
    {
    }

    /// <summary>A <paramref name="poolHeight"/> × <paramref name="poolWidth"/> window.</summary>
    public AveragePooling2DAttribute(int poolHeight, int poolWidth) : base(poolHeight, poolWidth)
    {
    }
}
