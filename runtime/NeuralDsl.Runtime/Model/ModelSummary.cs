using System.Globalization;
using System.Text;

namespace NeuralDsl;

/// <summary>Formats a model as Keras's <c>model.summary()</c> table; when a layer is frozen, with the Trainable column of
/// Keras's <c>show_trainable=True</c> (the layer's own flag, Y or N, also for a layer that holds only state; - for a layer
/// without tensors). As in Keras, a layer's count and "Total params" include state (BatchNormalization's moving statistics),
/// "Trainable params" counts the weights the optimizer steps, and "Non-trainable params" the rest: state and frozen weights.</summary>
internal static class ModelSummary
{
    /// <summary>Keras's column widths; a column grows to fit its longest entry plus a gap, so entries never run together.</summary>
    private const int NameWidth = 29, ShapeWidth = 26, ParamWidth = 10, Gap = 2;

    public static string Format(ModelInfo info) => Format(info, new LayerTrainability(info));

    public static string Format(ModelInfo info, LayerTrainability trainability)
    {
        bool anyFrozen = info.Layers.Where((layer, i) => layer.Tensors.Count > 0 && !trainability[i]).Any();
        var rows = info.Layers.Select((layer, i) => (Name: $" {layer.Name} ({layer.Type})", Shape: Shape(layer.OutputShape),
            Parameters: layer.ParameterCount.ToString(CultureInfo.InvariantCulture),
            Trainable: !anyFrozen ? "" : layer.Tensors.Count == 0 ? "-" : trainability[i] ? "Y" : "N")).ToList();
        int nameWidth = Math.Max(NameWidth, rows.Select(r => r.Name.Length + Gap).DefaultIfEmpty(0).Max());
        int shapeWidth = Math.Max(ShapeWidth, rows.Select(r => r.Shape.Length + Gap).DefaultIfEmpty(0).Max());
        int paramWidth = Math.Max(ParamWidth, rows.Select(r => r.Parameters.Length + (anyFrozen ? Gap : 0)).DefaultIfEmpty(0).Max());
        int trainableWidth = anyFrozen ? "Trainable".Length : 0;
        string Row(string name, string shape, string parameters, string trainable = "") =>
            (name.PadRight(nameWidth) + shape.PadRight(shapeWidth) + parameters.PadRight(paramWidth) + trainable.PadRight(trainableWidth)).TrimEnd();

        var text = new StringBuilder();
        string rule = new('_', nameWidth + shapeWidth + paramWidth + trainableWidth);
        string doubleRule = new('=', rule.Length);
        text.AppendLine($"Model: \"{info.Name}\"");
        text.AppendLine(rule);
        text.AppendLine(Row(" Layer (type)", "Output Shape", "Param #", anyFrozen ? "Trainable" : ""));
        text.AppendLine(doubleRule);
        for (int i = 0; i < rows.Count; i++)
        {
            text.AppendLine(Row(rows[i].Name, rows[i].Shape, rows[i].Parameters, rows[i].Trainable));
            text.AppendLine(i == rows.Count - 1 ? doubleRule : "");
        }
        if (rows.Count == 0) text.AppendLine(doubleRule);
        text.AppendLine(CultureInfo.InvariantCulture, $"Total params: {info.ParameterCount:N0}");
        int trainable = trainability.TrainableParameterCount; // weights of trainable layers, never state
        text.AppendLine(CultureInfo.InvariantCulture, $"Trainable params: {trainable:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Non-trainable params: {info.ParameterCount - trainable:N0}");
        text.Append(rule);
        return text.ToString();
    }

    /// <summary>Keras's shape notation with the batch dimension first, e.g. <c>(None, 13, 13, 32)</c>.</summary>
    public static string Shape(int[] shape) =>
        "(None, " + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
}
