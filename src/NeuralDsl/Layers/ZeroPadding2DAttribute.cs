namespace NeuralDsl;

/// <summary>Adds rows and columns of zeros around an image (Keras <c>ZeroPadding2D</c>, default 1 on every side).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ZeroPadding2DAttribute : LayerAttribute
{
    /// <summary><paramref name="padding"/> rows and columns on every side.</summary>
    public ZeroPadding2DAttribute(int padding = LayerDefaults.ZeroPadding) : this(padding, padding, padding, padding)
    {
    }

    /// <summary><paramref name="height"/> rows above and below, <paramref name="width"/> columns left and right.</summary>
    public ZeroPadding2DAttribute(int height, int width) : this(height, height, width, width)
    {
    }

    /// <summary>Each side on its own, as Keras's <c>((top, bottom), (left, right))</c>.</summary>
    public ZeroPadding2DAttribute(int top, int bottom, int left, int right)
    {
        Top = top;
        Bottom = bottom;
        Left = left;
        Right = right;
    }

    public int Top { get; }
    public int Bottom { get; }
    public int Left { get; }
    public int Right { get; }
}
