namespace NeuralDsl;

/// <summary>An n-dimensional array of unsigned bytes read from an IDX file.</summary>
public sealed class IdxArray
{
    public IdxArray(string path, int[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long expected = Idx.ElementCount(shape, nameof(shape));
        if (expected != data.Length)
        {
            throw new ArgumentException(
                $"{path}: shape {Idx.FormatShape(shape)} needs {expected} bytes but {data.Length} were given",
                nameof(data));
        }

        Path = path;
        Shape = shape;
        Data = data;
    }

    /// <summary>Dimensions, outermost first (e.g. [60000, 28, 28]).</summary>
    public int[] Shape { get; }

    /// <summary>The elements, row-major.</summary>
    public byte[] Data { get; }

    /// <summary>The file this array was read from, kept so later errors can name it.</summary>
    public string Path { get; }
}
