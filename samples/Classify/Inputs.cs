using NeuralDsl;

namespace Classify;

/// <summary>Rows to classify, from an IDX image file (raw or gzip, pixels scaled to [0, 1]) or a CSV file.</summary>
internal static class Inputs
{
    public static float[] Read(string path, int width, int? rows)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist.", path);
        float[] x = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path, width) : ReadIdx(path, width);
        return rows is int n && n * width < x.Length ? x[..(n * width)] : x;
    }

    private static float[] ReadIdx(string path, int width)
    {
        IdxArray images = Idx.Read(path);
        int rowWidth = images.Shape.Skip(1).Aggregate(1, (a, b) => a * b);
        if (images.Shape.Length < 2 || rowWidth != width)
            throw new InvalidDataException(
                $"{path} holds {string.Join("×", images.Shape)} values, i.e. rows of {rowWidth}; the network takes rows of {width} (28×28 images).");
        return Scaling.FromBytes(images.Data);
    }

    private static float[] ReadCsv(string path, int width)
    {
        float[] values = Csv.ReadNumbers(path, out int columns);
        if (columns != width)
            throw new InvalidDataException($"{path} has {columns} columns; the network takes rows of {width} values (28×28 pixels in [0, 1]).");
        return values;
    }
}
