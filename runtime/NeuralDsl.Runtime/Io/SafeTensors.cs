using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using NeuralDsl.Cpu;

namespace NeuralDsl;

/// <summary>
/// Reads and writes the safetensors format (https://huggingface.co/docs/safetensors): an 8-byte
/// little-endian header length, a UTF-8 JSON header, then packed little-endian tensor data.
/// Only F32 tensors are written and loaded; headers of files with other dtypes can still be read.
/// </summary>
public static class SafeTensors
{
    /// <summary>
    /// Writes <paramref name="tensors"/>, in list order, from slices of <paramref name="buffer"/>.
    /// The file is written atomically (<see cref="AtomicFile"/>), so a crash mid-write never leaves a
    /// half-written checkpoint in place of a good one.
    /// </summary>
    public static void Write(string path, IReadOnlyList<SafeTensor> tensors, ReadOnlySpan<float> buffer, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate(tensors, buffer.Length, nameof(tensors));
        byte[] header = BuildHeader(tensors, metadata);

        using var file = AtomicFile.Create(path);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        file.Stream.Write(prefix);
        file.Stream.Write(header);
        foreach (SafeTensor tensor in tensors)
            WriteLittleEndian(file.Stream, buffer.Slice(tensor.Offset, tensor.Length));
        file.Commit();
    }

    /// <summary>Opens a safetensors file and validates its header; tensor data is read on demand.</summary>
    public static SafeTensorFile Read(string path) => SafeTensorFile.Open(path);

    /// <summary>
    /// Loads a file into <paramref name="buffer"/> laid out as <paramref name="expected"/>. Every
    /// expected tensor must be present as F32 with the exact shape and the file must hold nothing
    /// else, so a checkpoint from a different architecture fails loudly instead of loading partly.
    /// Nothing is written to the buffer unless the whole file matches.
    /// </summary>
    public static void ReadInto(string path, IReadOnlyList<SafeTensor> expected, Span<float> buffer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate(expected, buffer.Length, nameof(expected));
        SafeTensorFile file = SafeTensorFile.Open(path);
        CheckLayout(path, file, expected);
        ReadAllOrNothing(path, file, expected, buffer, requireFinite: false);
    }

    /// <summary>
    /// Loads a model's weights into <paramref name="buffer"/>: as <see cref="ReadInto"/>, and moreover the file must
    /// come from the same model class and hold only finite values, because either mistake would otherwise only show
    /// as wrong predictions. A file whose tensors match but whose "model" metadata names another model than
    /// <paramref name="model"/> is refused unless <paramref name="allowOtherModel"/> is true (files without that
    /// entry, e.g. from other tools, are accepted); a NaN or infinite value is refused with the tensor's name and the
    /// value's index. Nothing is written to the buffer unless the whole file passes.
    /// </summary>
    /// <param name="path">The safetensors file.</param>
    /// <param name="expected">The model's tensors and where each sits in <paramref name="buffer"/>.</param>
    /// <param name="buffer">The model's parameter buffer.</param>
    /// <param name="model">The name of the model class loading the file, compared with the file's "model" metadata.</param>
    /// <param name="allowOtherModel">Load a file saved by another model class whose tensors have the same names and shapes.</param>
    public static void ReadWeights(string path, IReadOnlyList<SafeTensor> expected, Span<float> buffer, string model, bool allowOtherModel = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        Validate(expected, buffer.Length, nameof(expected));
        SafeTensorFile file = SafeTensorFile.Open(path);

        // The layout first: a different architecture is best explained by the tensor that differs. What is left is the
        // case that would otherwise load without a word, another model class with the very same tensors.
        CheckLayout(path, file, expected);
        if (!allowOtherModel && file.Metadata.TryGetValue(ModelKey, out string? saved) && saved != model)
        {
            throw new InvalidDataException(
                $"{path} holds weights saved by model '{saved}' but is being loaded into model '{model}'; the tensors have the " +
                "same names and shapes, so pass allowOtherModel: true to load them anyway");
        }

        ReadAllOrNothing(path, file, expected, buffer, requireFinite: true);
    }

    /// <summary>The metadata key under which a model's <c>Save</c> records its class name.</summary>
    public const string ModelKey = "model";

    /// <summary>
    /// Reads the file's tensors named as <paramref name="tensors"/> (present, F32 and of the same shape: the callers check)
    /// into a scratch buffer, refusing a NaN or infinite value with the tensor's name and the value's index when
    /// <paramref name="requireFinite"/>, and only then copies them all into <paramref name="buffer"/>: a bad value or a read
    /// error late in the file leaves the buffer untouched. Every loading path goes through here.
    /// </summary>
    private static void ReadAllOrNothing(string path, SafeTensorFile file, IReadOnlyList<SafeTensor> tensors, Span<float> buffer, bool requireFinite) =>
        ReadAllOrNothing(path, file, tensors.Select(TensorSource.Same).ToList(), buffer, requireFinite);

    /// <summary>As above, each model tensor read from its <see cref="TensorSource.FileName"/> (of the file shape its
    /// conversion expects: the callers check) and converted into the model's layout.</summary>
    internal static void ReadAllOrNothing(string path, SafeTensorFile file, IReadOnlyList<TensorSource> sources, Span<float> buffer, bool requireFinite)
    {
        var staged = new float[sources.Sum(s => (long)s.Target.Length)];
        float[] scratch = sources.Any(s => s.Conversion != TensorConversion.None) ? new float[sources.Max(s => s.Target.Length)] : [];
        using (SafeFileHandle handle = File.OpenHandle(path))
        {
            int offset = 0;
            foreach (TensorSource source in sources)
            {
                SafeTensor tensor = source.Target;
                file.TryGet(source.FileName, out SafeTensorFile.Entry entry);
                Span<float> values = source.Conversion == TensorConversion.None ? staged.AsSpan(offset, tensor.Length) : scratch.AsSpan(0, tensor.Length);
                file.ReadData(handle, entry, values);
                int bad = requireFinite ? FiniteCheck.IndexOfNonFinite(values) : -1;
                if (bad >= 0)
                {
                    string name = source.FileName == tensor.Name ? $"'{tensor.Name}'" : $"'{source.FileName}' (for {tensor.Name})";
                    throw new InvalidDataException(
                        $"{path}: tensor {name} value {bad} (of {tensor.Length}) is {values[bad].ToString(System.Globalization.CultureInfo.InvariantCulture)}; " +
                        "weights must be finite (was the file saved from a diverged model?)");
                }

                if (source.Conversion != TensorConversion.None) source.Conversion.Apply(values, tensor.Shape, staged.AsSpan(offset, tensor.Length));
                offset += tensor.Length;
            }
        }

        int from = 0;
        foreach (TensorSource source in sources)
        {
            staged.AsSpan(from, source.Target.Length).CopyTo(buffer.Slice(source.Target.Offset, source.Target.Length));
            from += source.Target.Length;
        }
    }

    /// <summary>Every expected tensor present as F32 with its shape, and nothing else in the file.</summary>
    private static void CheckLayout(string path, SafeTensorFile file, IReadOnlyList<SafeTensor> expected)
    {

        var missing = expected.Where(t => !file.TryGet(t.Name, out _)).Select(t => t.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"{path}: missing {missing.Count} expected tensor(s): {SafeTensorFile.DescribeNames(missing)}; the file has {SafeTensorFile.DescribeNames(file.Tensors.Select(t => t.Name))}");
        }

        for (int i = 0; i < expected.Count; i++)
        {
            SafeTensor tensor = expected[i];
            file.TryGet(tensor.Name, out SafeTensorFile.Entry entry);
            if (!entry.Info.Shape.AsSpan().SequenceEqual(tensor.Shape))
            {
                throw new InvalidDataException(
                    $"{path}: {tensor.Name}: expected shape {Idx.FormatShape(tensor.Shape)} but the file has {Idx.FormatShape(entry.Info.Shape)}");
            }

            SafeTensorFile.RequireF32(entry, path);
        }

        var expectedNames = new HashSet<string>(expected.Select(t => t.Name), StringComparer.Ordinal);
        var extra = file.Tensors.Where(t => !expectedNames.Contains(t.Name)).Select(t => t.Name).ToList();
        if (extra.Count > 0)
        {
            throw new InvalidDataException(
                $"{path}: {extra.Count} unexpected tensor(s) not in the model: {SafeTensorFile.DescribeNames(extra)}");
        }

    }

    /// <summary>
    /// Fills the tensors of <paramref name="expected"/> whose names are in the file as F32 with the same shape, leaving the
    /// others as they are (Keras's <c>by_name</c> with <c>skip_mismatch</c>). The report lists what was loaded, what was not
    /// (with the reason: not in the file, another shape or dtype), and the file's tensors that matched nothing. As every
    /// weight load, it refuses NaN or infinite values and writes nothing unless every matching tensor passes.
    /// </summary>
    public static WeightLoadReport ReadMatching(string path, IReadOnlyList<SafeTensor> expected, Span<float> buffer)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate(expected, buffer.Length, nameof(expected));
        SafeTensorFile file = SafeTensorFile.Open(path);
        var loaded = new List<string>();
        var notLoaded = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var matches = new List<SafeTensor>();
        foreach (SafeTensor tensor in expected)
        {
            if (!file.TryGet(tensor.Name, out SafeTensorFile.Entry entry))
            {
                notLoaded.Add($"{tensor.Name} (not in the file)");
                continue;
            }
            if (!entry.Info.Shape.AsSpan().SequenceEqual(tensor.Shape))
                notLoaded.Add($"{tensor.Name} (the file's is {Idx.FormatShape(entry.Info.Shape)}, the model's {Idx.FormatShape(tensor.Shape)})");
            else if (entry.Info.DType != "F32")
                notLoaded.Add($"{tensor.Name} (the file's is {entry.Info.DType}, not F32)");
            else
            {
                matches.Add(tensor);
                loaded.Add(tensor.Name);
                used.Add(tensor.Name);
            }
        }
        ReadAllOrNothing(path, file, matches, buffer, requireFinite: true);
        var unused = file.Tensors.Select(t => t.Name).Where(name => !used.Contains(name)).ToList();
        return new WeightLoadReport(loaded, notLoaded, unused);
    }

    internal static void Validate(IReadOnlyList<SafeTensor> tensors, int bufferLength, string paramName)
    {
        ArgumentNullException.ThrowIfNull(tensors, paramName);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < tensors.Count; i++)
        {
            SafeTensor? tensor = tensors[i];
            if (tensor is null || tensor.Name is null || tensor.Shape is null)
            {
                throw new ArgumentException($"tensor {i} is null or has a null name or shape", paramName);
            }

            if (tensor.Name == "__metadata__")
            {
                throw new ArgumentException($"tensor {i} cannot be named \"__metadata__\"; the format reserves it", paramName);
            }

            if (!names.Add(tensor.Name))
            {
                throw new ArgumentException($"tensor name '{tensor.Name}' appears more than once", paramName);
            }

            long product = 1;
            foreach (int d in tensor.Shape)
            {
                if (d < 0)
                {
                    throw new ArgumentException(
                        $"tensor '{tensor.Name}' has a negative dimension in shape {Idx.FormatShape(tensor.Shape)}", paramName);
                }

                product = Math.Min(product * d, long.MaxValue / int.MaxValue);
            }

            if (product != tensor.Length)
            {
                throw new ArgumentException(
                    $"tensor '{tensor.Name}' has shape {Idx.FormatShape(tensor.Shape)} ({product} elements) but Length {tensor.Length}", paramName);
            }

            if (tensor.Offset < 0 || tensor.Length < 0 || (long)tensor.Offset + tensor.Length > bufferLength)
            {
                throw new ArgumentException(
                    $"tensor '{tensor.Name}' slice [{tensor.Offset}, {(long)tensor.Offset + tensor.Length}) is outside the buffer of {bufferLength} floats", paramName);
            }
        }
    }

    private static byte[] BuildHeader(IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var output = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps names like "a+b" readable; the output is still strict JSON.
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (KeyValuePair<string, string> pair in metadata)
                {
                    if (pair.Key is null || pair.Value is null)
                    {
                        throw new ArgumentException($"metadata entry '{pair.Key}' has a null key or value", nameof(metadata));
                    }

                    json.WriteString(pair.Key, pair.Value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (SafeTensor tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += 4L * tensor.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (output.WrittenCount + 7) / 8 * 8;
        byte[] header = new byte[padded];
        output.WrittenSpan.CopyTo(header);
        header.AsSpan(output.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        // Swap raw bits rather than converting values, so NaN payloads survive unchanged.
        Span<int> chunk = stackalloc int[1024];
        ReadOnlySpan<int> bits = MemoryMarshal.Cast<float, int>(values);
        while (!bits.IsEmpty)
        {
            int n = Math.Min(chunk.Length, bits.Length);
            BinaryPrimitives.ReverseEndianness(bits[..n], chunk[..n]);
            stream.Write(MemoryMarshal.AsBytes(chunk[..n]));
            bits = bits[n..];
        }
    }
}
