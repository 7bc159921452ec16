using System.Buffers.Binary;
using Google.Protobuf;
using NeuralDsl.Onnx.Proto;

namespace NeuralDsl.Onnx;

/// <summary>
/// The graph being exported: nodes and initializers with unique names, and the layout conversions between NeuralDsl's
/// channels-last values and ONNX's channels-first operators (each made once per value, however many layers ask).
/// </summary>
internal sealed class OnnxGraph
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, OnnxLayout), OnnxValue> _converted = [];

    public GraphProto Proto { get; } = new();

    /// <summary><paramref name="name"/>, or <c>name_1</c>, <c>name_2</c>… when taken.</summary>
    public string Unique(string name)
    {
        string unique = name;
        for (int i = 1; !_names.Add(unique); i++) unique = name + "_" + i;
        return unique;
    }

    /// <summary>Adds a node of one output, named <paramref name="output"/> (made unique), and returns that name.</summary>
    public string Node(string opType, string output, IEnumerable<string> inputs, params AttributeProto[] attributes) =>
        ReservedNode(opType, Unique(output), inputs, attributes);

    /// <summary>Adds a node whose output has the name <paramref name="name"/>, reserved earlier with <see cref="Unique"/>
    /// (the graph's output).</summary>
    public string ReservedNode(string opType, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(name);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return name;
    }

    /// <summary>A float initializer of shape <paramref name="dims"/>, stored little-endian as ONNX's raw_data.</summary>
    public string Initializer(string name, ReadOnlySpan<int> dims, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        foreach (int dim in dims) tensor.Dims.Add(dim);
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A one-dimensional int64 initializer (a Reshape's shape, a Pad's pads).</summary>
    public string Int64Initializer(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    /// <summary>An image value as NCHW: a Transpose from NHWC when it is not already.</summary>
    public OnnxValue ChannelsFirst(OnnxValue value)
    {
        if (value.Layout == OnnxLayout.ChannelsFirst) return value;
        if (!value.IsImage) throw new InvalidOperationException($"'{value.Name}' ({string.Join("×", value.Shape)}) is not an image.");
        return Converted(value, OnnxLayout.ChannelsFirst, () =>
            Node("Transpose", value.Name + "_nchw", [value.Name], Attribute("perm", 0, 3, 1, 2)));
    }

    /// <summary>A value in NeuralDsl's own order (vectors as rows, images as NHWC), converted once when it is not.</summary>
    public OnnxValue Natural(OnnxValue value) => value.Layout switch
    {
        OnnxLayout.Natural => value,
        OnnxLayout.ChannelsFirst => Converted(value, OnnxLayout.Natural, () =>
            Node("Transpose", value.Name + "_nhwc", [value.Name], Attribute("perm", 0, 2, 3, 1))),
        _ => Converted(value, OnnxLayout.Natural, () =>
        {
            int height = value.Image![0], width = value.Image[1], channels = value.Image[2];
            string image = Node("Reshape", value.Name + "_nchw", [value.Name, Int64Initializer(value.Name + "_nchw_shape", -1, channels, height, width)]);
            string nhwc = Node("Transpose", value.Name + "_nhwc", [image], Attribute("perm", 0, 2, 3, 1));
            return Node("Reshape", value.Name + "_rows", [nhwc, Int64Initializer(value.Name + "_rows_shape", -1, value.Size)]);
        }),
    };

    /// <summary>The values of a merge (Add, Concatenate) in one layout: as they are when they agree, else all natural
    /// (vectors) or all channels-first (images).</summary>
    public IReadOnlyList<OnnxValue> Agreeing(IReadOnlyList<OnnxValue> values)
    {
        var first = values[0];
        bool agree = values.All(v => v.Layout == first.Layout && (first.Layout != OnnxLayout.FlatChannelsFirst || v.Image!.SequenceEqual(first.Image!)));
        if (agree) return values;
        return first.IsImage ? values.Select(ChannelsFirst).ToList() : values.Select(Natural).ToList();
    }

    private OnnxValue Converted(OnnxValue value, OnnxLayout layout, Func<string> convert)
    {
        if (_converted.TryGetValue((value.Name, layout), out var done)) return done;
        var converted = new OnnxValue(convert(), layout, value.Shape);
        _converted[(value.Name, layout)] = converted;
        return converted;
    }
}
