using System.Buffers.Binary;
using System.IO.Compression;

namespace NeuralDsl;

/// <summary>
/// Reader and writer for the IDX format used by MNIST and Fashion-MNIST: two zero bytes, a type
/// byte (only 0x08, unsigned byte, is supported), a rank byte, rank big-endian int32 dimensions,
/// then the data. Files may be raw or gzip-compressed; compression is detected from the gzip magic
/// bytes rather than the extension, because downloads are often renamed or pre-extracted.
/// </summary>
public static class Idx
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes, raw or gzip-compressed.</summary>
    public static IdxArray Read(string path) => Read(path, "items");

    /// <summary>
    /// Reads an image file of rank 2 or more and flattens it to rows × (product of the other
    /// dimensions), row-major. With <paramref name="scale"/> the bytes are divided by 255.
    /// </summary>
    public static float[] ReadImages(string path, bool scale = true)
    {
        IdxArray array = Read(path, "images");
        if (array.Shape.Length < 2)
        {
            throw new InvalidDataException(
                $"{path}: expected images of rank >= 2 (e.g. [count, rows, cols]) but the file has rank {array.Shape.Length}, shape {FormatShape(array.Shape)}");
        }

        return ToFloats(array.Data, scale);
    }

    /// <summary>Reads a rank-1 label file.</summary>
    public static byte[] ReadLabels(string path)
    {
        IdxArray array = Read(path, "labels");
        if (array.Shape.Length != 1)
        {
            throw new InvalidDataException(
                $"{path}: expected labels of rank 1 but the file has rank {array.Shape.Length}, shape {FormatShape(array.Shape)}");
        }

        return array.Data;
    }

    /// <summary>Reads an image file and its label file and checks they describe the same number of samples.</summary>
    public static LabeledData ReadDataset(string imagesPath, string labelsPath, bool scale = true)
    {
        IdxArray images = Read(imagesPath, "images");
        if (images.Shape.Length < 2)
        {
            throw new InvalidDataException(
                $"{imagesPath}: expected images of rank >= 2 (e.g. [count, rows, cols]) but the file has rank {images.Shape.Length}, shape {FormatShape(images.Shape)}");
        }

        byte[] labels = ReadLabels(labelsPath);
        int rows = images.Shape[0];
        if (rows != labels.Length)
        {
            throw new InvalidDataException(
                $"image and label counts differ: {imagesPath} has {rows} images but {labelsPath} has {labels.Length} labels");
        }

        var intLabels = new int[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            intLabels[i] = labels[i];
        }

        int featureSize = images.Data.Length / rows;
        return new LabeledData(ToFloats(images.Data, scale), intLabels, featureSize);
    }

    /// <summary>
    /// Writes an IDX file of unsigned bytes; gzip-compressed when the path ends with ".gz". The file is written
    /// atomically (<see cref="AtomicFile"/>).
    /// </summary>
    public static void Write(string path, byte[] data, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length is 0 or > 255)
        {
            throw new ArgumentException(
                $"{path}: IDX rank must be between 1 and 255 but the shape has {shape.Length} dimensions", nameof(shape));
        }

        long expected = ElementCount(shape, nameof(shape));
        if (expected != data.Length)
        {
            throw new ArgumentException(
                $"{path}: shape {FormatShape(shape)} needs {expected} bytes but {data.Length} were given", nameof(data));
        }

        byte[] header = Header(shape);
        // Atomic, as every file the library writes: a crash leaves the old file or the new one, never half of it.
        using var file = AtomicFile.Create(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var gzip = new GZipStream(file.Stream, CompressionLevel.Optimal, leaveOpen: true);
            gzip.Write(header);
            gzip.Write(data);
        }
        else
        {
            file.Stream.Write(header);
            file.Stream.Write(data);
        }

        file.Commit();
    }

    private static IdxArray Read(string path, string noun)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: IDX file not found", path);
        }

        using FileStream file = File.OpenRead(path);
        bool gzip = IsGzip(file);
        if (!gzip)
        {
            return ReadBody(path, noun, file, compressed: false);
        }

        using (var decompressed = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true))
        {
            IdxArray array;
            try
            {
                array = ReadBody(path, noun, decompressed, compressed: true);
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
            {
                // GZipStream's own errors do not say which file was corrupt.
                throw new InvalidDataException($"{path}: corrupt gzip stream (damaged data or checksum mismatch): {e.Message}", e);
            }

            GzipEnding.Verify(path, file, Header(array.Shape), array.Data);
            return array;
        }
    }

    private static IdxArray ReadBody(string path, string noun, Stream stream, bool compressed)
    {
        string where = compressed ? " after decompression" : "";
        Span<byte> magic = stackalloc byte[4];
        int got = ReadFull(stream, magic);
        if (got < 4)
        {
            throw new InvalidDataException(
                $"{path}: too short for an IDX header: need 4 bytes but the file has {got}{where}");
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new InvalidDataException(
                $"{path}: not an IDX file: it starts with bytes 0x{magic[0]:X2} 0x{magic[1]:X2} but IDX files start with 0x00 0x00");
        }

        if (magic[2] != UnsignedByteType)
        {
            throw new InvalidDataException(
                $"{path}: unsupported IDX element type 0x{magic[2]:X2} ({TypeName(magic[2])}); only 0x08 (unsigned byte) is supported");
        }

        int rank = magic[3];
        if (rank == 0)
        {
            throw new InvalidDataException($"{path}: IDX rank is 0; the header must declare at least one dimension");
        }

        byte[] dimBytes = new byte[4 * rank];
        got = ReadFull(stream, dimBytes);
        if (got < dimBytes.Length)
        {
            throw new InvalidDataException(
                $"{path}: truncated header: rank {rank} needs {dimBytes.Length} bytes of dimensions but only {got} bytes follow{where}");
        }

        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes.AsSpan(4 * i));
        }

        for (int i = 0; i < rank; i++)
        {
            if (shape[i] <= 0)
            {
                throw new InvalidDataException(
                    $"{path}: dimension {i} of shape {FormatShape(shape)} is {shape[i]}; IDX dimensions must be positive");
            }
        }

        long expected = 1;
        foreach (int d in shape)
        {
            expected *= d;
            if (expected > Array.MaxLength)
            {
                throw new InvalidDataException(
                    $"{path}: shape {FormatShape(shape)} is more than the {Array.MaxLength} bytes a .NET array can hold");
            }
        }

        string declared = $"header says {Describe(shape, noun)} ({expected} bytes)";
        byte[] data;
        if (!compressed && stream.CanSeek)
        {
            // Raw file: the size is known up front, so reject bad files before allocating.
            long remaining = stream.Length - stream.Position;
            if (remaining < expected)
            {
                throw new InvalidDataException($"{path}: truncated: {declared} but only {remaining} bytes follow");
            }

            if (remaining > expected)
            {
                throw new InvalidDataException(
                    $"{path}: {remaining - expected} unexpected trailing bytes: {declared} but {remaining} bytes follow");
            }

            data = new byte[expected];
            stream.ReadExactly(data);
            return new IdxArray(path, shape, data);
        }

        // Compressed: grow the buffer as data arrives so a lying header cannot force a huge allocation.
        data = new byte[Math.Min(expected, 1 << 20)];
        long filled = 0;
        while (filled < expected)
        {
            if (filled == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(expected, (long)data.Length * 2));
            }

            int n = ReadFull(stream, data.AsSpan((int)filled));
            filled += n;
            if (n == 0)
            {
                break;
            }
        }

        if (filled < expected)
        {
            throw new InvalidDataException($"{path}: truncated: {declared} but only {filled} bytes follow{where}");
        }

        long extra = 0;
        byte[] scratch = new byte[81920];
        int read;
        while ((read = ReadFull(stream, scratch)) > 0)
        {
            extra += read;
        }

        if (extra > 0)
        {
            throw new InvalidDataException(
                $"{path}: {extra} unexpected trailing bytes: {declared} but {expected + extra} bytes follow{where}");
        }

        return new IdxArray(path, shape, data);
    }

    /// <summary>Fills as much of <paramref name="buffer"/> as the stream allows.</summary>
    private static int ReadFull(Stream stream, Span<byte> buffer) =>
        stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);

    private static bool IsGzip(FileStream file)
    {
        Span<byte> head = stackalloc byte[2];
        int n = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return n == 2 && head[0] == 0x1F && head[1] == 0x8B;
    }

    private static float[] ToFloats(byte[] data, bool scale)
    {
        if (scale)
        {
            return Scaling.FromBytes(data);
        }

        var result = new float[data.Length];
        for (int i = 0; i < data.Length; i++)
        {
            result[i] = data[i];
        }

        return result;
    }

    private static string Describe(int[] shape, string noun)
    {
        if (shape.Length == 1)
        {
            return $"{shape[0]} {noun}";
        }

        return $"{shape[0]} {noun} of {string.Join("x", shape.Skip(1))}";
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed byte",
        0x0B => "int16",
        0x0C => "int32",
        0x0D => "float32",
        0x0E => "float64",
        _ => "unknown type",
    };

    internal static long ElementCount(int[] shape, string paramName)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d <= 0)
            {
                throw new ArgumentException(
                    $"shape {FormatShape(shape)} has a dimension of {d}; dimensions must be positive", paramName);
            }

            count *= d;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException(
                    $"shape {FormatShape(shape)} has more than {Array.MaxLength} elements", paramName);
            }
        }

        return count;
    }

    internal static string FormatShape(ReadOnlySpan<int> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    /// <summary>The header bytes of an unsigned-byte IDX file of <paramref name="shape"/>.</summary>
    private static byte[] Header(int[] shape)
    {
        byte[] header = new byte[4 + 4 * shape.Length];
        header[2] = UnsignedByteType;
        header[3] = (byte)shape.Length;
        for (int i = 0; i < shape.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), shape[i]);
        }

        return header;
    }
}
