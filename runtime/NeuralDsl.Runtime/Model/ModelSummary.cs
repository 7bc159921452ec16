using System.Globalization;
using System.Text;

namespace NeuralDsl;

/// <summary>Formats a model as Keras's <c>model.summary()</c> table.</summary>
internal static class ModelSummary
{
    private const int NameWidth = 29, ShapeWidth = 26, ParamWidth = 10;

    public static string Format(ModelInfo info)
    {
        var text = new StringBuilder();
        string rule = new('_', NameWidth + ShapeWidth + ParamWidth);
        string doubleRule = new('=', rule.Length);
        text.AppendLine($"Model: \"{info.Name}\"");
        text.AppendLine(rule);
        text.AppendLine(Row("Layer (type)", "Output Shape", "Param #"));
        text.AppendLine(doubleRule);
        for (int i = 0; i < info.Layers.Count; i++)
        {
            var layer = info.Layers[i];
            text.AppendLine(Row($"{layer.Name} ({layer.Type})", Shape(layer.OutputShape), layer.ParameterCount.ToString(CultureInfo.InvariantCulture)));
            text.AppendLine(i == info.Layers.Count - 1 ? doubleRule : "");
        }
        if (info.Layers.Count == 0) text.AppendLine(doubleRule);
        text.AppendLine(CultureInfo.InvariantCulture, $"Total params: {info.ParameterCount:N0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Trainable params: {info.ParameterCount:N0}");
        text.AppendLine("Non-trainable params: 0");
        text.Append(rule);
        return text.ToString();
    }

    /// <summary>Keras's shape notation with the batch dimension first, e.g. <c>(None, 13, 13, 32)</c>.</summary>
    public static string Shape(int[] shape) =>
        "(None, " + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";

    private static string Row(string name, string shape, string parameters) =>
        (" " + name).PadRight(NameWidth) + shape.PadRight(ShapeWidth) + parameters.PadRight(ParamWidth);
}
