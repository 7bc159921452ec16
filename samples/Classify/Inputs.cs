using NeuralDsl;

namespace Classify;

/// <summary>Rows to classify, from an IDX image file (raw or gzip, pixels scaled to [0, 1]) or a CSV file.</summary>
internal static class Inputs
{
    /// <summary>The rows of <paramref name="path"/>, the first <paramref name="rows"/> of them when given. A file with
    /// fewer rows is classified whole, and <paramref name="notes"/> says so: never a silent partial result.</summary>
    public static float[] Read(string path, int width, int? rows, TextWriter notes)
    {
        if (!File.Exists(NotADirectory(path))) throw new FileNotFoundException($"{path} does not exist.", path);
        float[] x = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path, width) : ReadIdx(path, width);
        // Counted in rows, not values: rows × width overflows an int long before the count of rows does. (Both readers
        // refuse a file without rows.)
        int available = x.Length / width;
        if (rows is not int wanted || wanted == available) return x;
        if (wanted < available) return x[..(wanted * width)];
        notes.WriteLine($"note: --rows {wanted} is more than the {Quantity.Of(available, "row")} of {path}; classifying all of them.");
        return x;
    }

    /// <summary><paramref name="path"/>, unless it names a folder: opening one would report "access denied" or "not
    /// found", which says nothing of the mistake.</summary>
    public static string NotADirectory(string path) =>
        Directory.Exists(path) ? throw new IOException($"{path} is a directory, not a file.") : path;

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
            throw new InvalidDataException($"{path} has {Quantity.Of(columns, "column")}; the network takes rows of {width} values (28×28 pixels in [0, 1]).");
        return values;
    }
}
