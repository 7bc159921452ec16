using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace NeuralDsl;

/// <summary>
/// An opened safetensors file: the parsed and validated header. Tensor data is read on demand, so
/// inspecting a large checkpoint does not load it all into memory.
/// </summary>
public sealed class SafeTensorFile
{
    // The reference implementation refuses larger headers; the limit also bounds allocations on garbage input.
    private const ulong MaxHeaderLength = 100_000_000;

    private readonly Dictionary<string, Entry> _entries;
    private readonly long _dataStart;

    private SafeTensorFile(string path, long dataStart, Dictionary<string, string> metadata, List<Entry> entries)
    {
        Path = path;
        _dataStart = dataStart;
        Metadata = metadata;
        _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var infos = new SafeTensorInfo[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            _entries.Add(entries[i].Info.Name, entries[i]);
            infos[i] = entries[i].Info;
        }

        Tensors = infos;
    }

    /// <summary>The file this header was read from.</summary>
    public string Path { get; }

    /// <summary>The free-form string pairs stored under "__metadata__" (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors in the order their data appears in the file.</summary>
    public IReadOnlyList<SafeTensorInfo> Tensors { get; }

    /// <summary>Reads an F32 tensor into a new array.</summary>
    public float[] ReadTensor(string name)
    {
        Entry entry = Find(name);
        RequireF32(entry);
        if (entry.Elements > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"{Path}: tensor '{name}' has {entry.Elements} elements, more than a .NET array can hold");
        }

        var result = new float[entry.Elements];
        using SafeFileHandle handle = File.OpenHandle(Path);
        ReadData(handle, entry, result);
        return result;
    }

    /// <summary>Reads an F32 tensor into <paramref name="destination"/>, whose length must match exactly.</summary>
    public void ReadTensor(string name, Span<float> destination)
    {
        Entry entry = Find(name);
        RequireF32(entry);
        if (destination.Length != entry.Elements)
        {
            throw new ArgumentException(
                $"{Path}: tensor '{name}' of shape {Idx.FormatShape(entry.Info.Shape)} has {entry.Elements} floats but the destination holds {destination.Length}",
                nameof(destination));
        }

        using SafeFileHandle handle = File.OpenHandle(Path);
        ReadData(handle, entry, destination);
    }

    internal bool TryGet(string name, out Entry entry) => _entries.TryGetValue(name, out entry);

    internal void ReadData(SafeFileHandle handle, Entry entry, Span<float> destination)
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(destination);
        long position = _dataStart + entry.Begin;
        while (!bytes.IsEmpty)
        {
            int n = RandomAccess.Read(handle, bytes, position);
            if (n == 0)
            {
                throw new InvalidDataException(
                    $"{Path}: truncated: tensor '{entry.Info.Name}' data ends at byte {_dataStart + entry.End} but the file ends at byte {position} (was it changed after opening?)");
            }

            bytes = bytes[n..];
            position += n;
        }

        if (!BitConverter.IsLittleEndian)
        {
            // Safetensors data is little-endian; swapping the raw bits keeps NaN payloads exact.
            Span<int> bits = MemoryMarshal.Cast<float, int>(destination);
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }
    }

    internal static void RequireF32(Entry entry, string path)
    {
        if (entry.Info.DType != "F32")
        {
            throw new InvalidDataException(
                $"{path}: tensor '{entry.Info.Name}' has dtype {entry.Info.DType}; only F32 tensors can be loaded");
        }
    }

    private void RequireF32(Entry entry) => RequireF32(entry, Path);

    private Entry Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_entries.TryGetValue(name, out Entry entry))
        {
            throw new ArgumentException($"{Path} has no tensor named '{name}'; it has {DescribeNames(Tensors.Select(t => t.Name))}", nameof(name));
        }

        return entry;
    }

    internal static string DescribeNames(IEnumerable<string> names)
    {
        const int Shown = 20;
        var list = names.ToList();
        if (list.Count == 0)
        {
            return "no tensors";
        }

        string shown = string.Join(", ", list.Take(Shown));
        return list.Count > Shown ? $"{list.Count} tensors: {shown}, …" : shown;
    }

    /// <summary>Parses and validates the header of a safetensors file.</summary>
    internal static SafeTensorFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: safetensors file not found", path);
        }

        using SafeFileHandle handle = File.OpenHandle(path);
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 8)
        {
            throw new InvalidDataException(
                $"{path}: too short for a safetensors file: {fileLength} bytes, but the header length alone takes 8");
        }

        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(handle, prefix, 0, path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8))
        {
            throw new InvalidDataException(
                $"{path}: header length {headerLength} is larger than the {fileLength - 8} bytes after the 8-byte length prefix (file is {fileLength} bytes)");
        }

        if (headerLength > MaxHeaderLength)
        {
            throw new InvalidDataException(
                $"{path}: header length {headerLength} exceeds the {MaxHeaderLength}-byte limit");
        }

        byte[] header = new byte[headerLength];
        ReadExactly(handle, header, 8, path);
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;

        // The format requires UTF-8; JsonDocument accepts invalid bytes inside strings and only fails, with an
        // InvalidOperationException that names no file, when a name is read.
        int invalid = FirstInvalidUtf8(header);
        if (invalid >= 0)
        {
            throw new InvalidDataException(
                $"{path}: the header is not valid UTF-8: byte 0x{header[invalid]:X2} at header offset {invalid} (file offset {8 + invalid}) does not continue a UTF-8 character");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the {headerLength}-byte header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return Parse(path, document, dataStart, dataLength);
            }
            catch (InvalidOperationException e)
            {
                // Valid UTF-8 can still escape a lone surrogate ("\ud800"), which no .NET string can be decoded from.
                throw new InvalidDataException($"{path}: the header holds a string that is not valid Unicode: {e.Message}", e);
            }
        }
    }

    private static SafeTensorFile Parse(string path, JsonDocument document, long dataStart, long dataLength)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException(
                $"{path}: the header must be a JSON object but is {document.RootElement.ValueKind}");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        bool sawMetadata = false;
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                if (sawMetadata)
                {
                    throw new InvalidDataException($"{path}: the header has more than one \"__metadata__\" entry");
                }

                sawMetadata = true;
                ParseMetadata(path, property.Value, metadata);
                continue;
            }

            if (!names.Add(property.Name))
            {
                throw new InvalidDataException($"{path}: the header lists tensor '{property.Name}' more than once");
            }

            entries.Add(ParseEntry(path, property.Name, property.Value, dataLength));
        }

        CheckPacking(path, entries, dataLength);
        return new SafeTensorFile(path, dataStart, metadata, entries);
    }

    /// <summary>The offset of the first byte that is not part of a well-formed UTF-8 character, or -1.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return -1;
    }

    private static void ParseMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: \"__metadata__\" must be a JSON object but is {value.ValueKind}");
        }

        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException(
                    $"{path}: metadata value '{item.Name}' must be a string but is {item.Value.ValueKind}");
            }

            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw new InvalidDataException($"{path}: metadata key '{item.Name}' appears more than once");
            }
        }
    }

    private static Entry ParseEntry(string path, string name, JsonElement value, long dataLength)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' must be described by a JSON object but is {value.ValueKind}");
        }

        if (!value.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' has no string \"dtype\"");
        }

        string dtype = dtypeElement.GetString()!;
        int elementSize = ElementSize(dtype);
        if (elementSize == 0)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' has unknown dtype '{dtype}'");
        }

        if (!value.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' has no \"shape\" array");
        }

        var shape = new int[shapeElement.GetArrayLength()];
        int i = 0;
        foreach (JsonElement dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out int d) || d < 0)
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{name}' has shape entry {i} = {dim.GetRawText()}; dimensions must be integers in [0, {int.MaxValue}]");
            }

            shape[i++] = d;
        }

        long elements;
        long bytes;
        try
        {
            elements = 1;
            foreach (int d in shape)
            {
                elements = checked(elements * d);
            }

            bytes = checked(elements * elementSize);
        }
        catch (OverflowException)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' shape {Idx.FormatShape(shape)} is too large to address");
        }

        if (!value.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end)
            || begin < 0 || end < 0)
        {
            string found = value.TryGetProperty("data_offsets", out JsonElement raw) ? raw.GetRawText() : "nothing";
            throw new InvalidDataException(
                $"{path}: tensor '{name}' needs \"data_offsets\" of two non-negative integers but has {found}");
        }

        if (end < begin)
        {
            throw new InvalidDataException($"{path}: tensor '{name}' has data_offsets [{begin}, {end}] that end before they begin");
        }

        if (end - begin != bytes)
        {
            throw new InvalidDataException(
                $"{path}: tensor '{name}' has dtype {dtype} and shape {Idx.FormatShape(shape)} ({bytes} bytes) but data_offsets [{begin}, {end}] span {end - begin} bytes");
        }

        if (end > dataLength)
        {
            throw new InvalidDataException(
                $"{path}: truncated: tensor '{name}' has data_offsets [{begin}, {end}] but only {dataLength} bytes of data follow the header");
        }

        return new Entry(new SafeTensorInfo(name, shape, dtype), begin, end, elements);
    }

    // The format requires the data section to be fully covered, in order, without holes or overlaps.
    private static void CheckPacking(string path, List<Entry> entries, long dataLength)
    {
        entries.Sort(static (a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long cursor = 0;
        Entry? previous = null;
        foreach (Entry entry in entries)
        {
            if (entry.Begin < cursor)
            {
                throw new InvalidDataException(
                    $"{path}: tensor '{entry.Info.Name}' data_offsets [{entry.Begin}, {entry.End}] overlap tensor '{previous!.Value.Info.Name}' [{previous.Value.Begin}, {previous.Value.End}]");
            }

            if (entry.Begin > cursor)
            {
                throw new InvalidDataException(
                    $"{path}: {entry.Begin - cursor} unused bytes at data offset {cursor} before tensor '{entry.Info.Name}' [{entry.Begin}, {entry.End}]; tensors must be packed without gaps");
            }

            cursor = entry.End;
            previous = entry;
        }

        if (cursor != dataLength)
        {
            throw new InvalidDataException(
                $"{path}: {dataLength - cursor} unexpected bytes after the tensor data: the tensors cover {cursor} bytes but {dataLength} bytes follow the header");
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string path)
    {
        while (!buffer.IsEmpty)
        {
            int n = RandomAccess.Read(handle, buffer, offset);
            if (n == 0)
            {
                throw new InvalidDataException($"{path}: file ended at byte {offset} while reading the header");
            }

            buffer = buffer[n..];
            offset += n;
        }
    }

    /// <summary>Bytes per element of a safetensors dtype, or 0 when unknown.</summary>
    private static int ElementSize(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" => 8,
        _ => 0,
    };

    internal readonly record struct Entry(SafeTensorInfo Info, long Begin, long End, long Elements);
}
