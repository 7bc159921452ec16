using Google.Protobuf;
using NeuralDsl.Cpu;
using NeuralDsl.Onnx.Proto;

namespace NeuralDsl.Onnx;

/// <summary>
/// Writes a model as an ONNX file (opset 17, IR version 8) that computes what <c>Predict</c> does: input <c>input</c>
/// [N, …<see cref="ModelInfo.InputShape"/>] (rows of features, or NHWC images, which one Transpose turns to NCHW inside),
/// output <c>output</c> [N, …the last layer's shape] with the model's last activation applied. Each layer is written by
/// its kind's exporter (<see cref="OnnxLayers"/>) in the model's order, which is a topological one.
/// </summary>
internal static class OnnxExporter
{
    public const int Opset = 17;
    public const int IrVersion = 8;
    public const string InputName = "input";
    public const string OutputName = "output";

    /// <summary>Writes <paramref name="info"/>'s graph with the weights in <paramref name="parameters"/> to
    /// <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ModelInfo info, ReadOnlyMemory<float> parameters)
    {
        var model = Build(info, parameters);
        using var file = AtomicFile.Create(path);
        model.WriteTo(file.Stream);
        file.Commit();
    }

    public static ModelProto Build(ModelInfo info, ReadOnlyMemory<float> parameters)
    {
        CheckFinite(info, parameters.Span);
        var graph = new OnnxGraph();
        graph.Proto.Name = info.Name;
        graph.Unique(InputName);
        graph.Unique(OutputName);
        graph.Proto.Input.Add(ValueInfo(InputName, info.InputShape));
        var input = new OnnxValue(InputName, OnnxLayout.Natural, info.InputShape);

        var outputs = new OnnxValue[info.Layers.Count];
        for (int i = 0; i < info.Layers.Count; i++)
        {
            var layer = info.Layers[i];
            int[] producers = layer.Inputs ?? [i - 1];
            var inputs = producers.Select(p => p < 0 ? input : outputs[p]).ToList();
            outputs[i] = OnnxLayers.For(layer).Export(graph, new OnnxLayerInput(layer, inputs, parameters));
        }

        var last = info.Layers.Count == 0 ? input : graph.Natural(outputs[^1]);
        int[] outputShape = info.Layers.Count == 0 ? info.InputShape : info.Layers[^1].OutputShape;
        graph.ReservedNode("Identity", OutputName, [last.Name]);
        graph.Proto.Output.Add(ValueInfo(OutputName, outputShape));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "NeuralDsl",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString(3) ?? "",
            DocString = $"{info.Name}, exported by NeuralDsl: the input as Predict takes it (rows, NHWC for images), the output as Predict returns it.",
            Graph = graph.Proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    /// <summary>[N, …shape] float, N symbolic.</summary>
    private static ValueInfoProto ValueInfo(string name, int[] shape)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (int dim in shape) tensorShape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = dim });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } },
        };
    }

    private static void CheckFinite(ModelInfo info, ReadOnlySpan<float> parameters)
    {
        foreach (var tensor in info.Tensors)
        {
            var values = parameters.Slice(tensor.Offset, tensor.Length);
            if (FiniteCheck.IndexOfNonFinite(values) is int bad and >= 0)
            {
                throw new InvalidOperationException(
                    $"{info.Name} cannot be exported: {tensor.Name}[{bad}] is {values[bad]}; weights must be finite (did training diverge?).");
            }
        }
    }
}
