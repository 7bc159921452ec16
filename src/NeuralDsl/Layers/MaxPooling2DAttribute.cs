namespace NeuralDsl;

/// <summary>2-D max pooling: the maximum of each window, per channel.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class MaxPooling2DAttribute : Pooling2DAttribute
{
    /// <summary>A square <paramref name="poolSize"/> × <paramref name="poolSize"/> window.</summary>
    public MaxPooling2DAttribute(int poolSize) : base(poolSize, poolSize)
    {
    }

    /// <summary>A <paramref name="poolHeight"/> × <paramref name="poolWidth"/> window.</summary>
    public MaxPooling2DAttribute(int poolHeight, int poolWidth) : base(poolHeight, poolWidth)
    {
    }
}
