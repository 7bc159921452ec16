namespace Classify;

/// <summary>What the command line asked for.</summary>
internal sealed class Options
{
    public enum Network { Hidden, Simple }

    public Classification Classification { get; } = new();
    public string? Weights { get; set; }
    public Network Model { get; set; } = Network.Hidden;
    public bool Benchmark { get; set; }
    public string? ExportOnnx { get; set; }

    /// <summary>A path for --export-onnx: ExportOnnx writes only names ending in .onnx.</summary>
    public static string OnnxPath(string text) =>
        CommandLine.Path(text).EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? text
        : throw new ArgumentException("does not end in .onnx (an ONNX model's name; --export-onnx writes nothing else)");

    public static Network ParseModel(string name) => name switch
    {
        "hidden" => Network.Hidden,
        "simple" => Network.Simple,
        _ => throw new ArgumentException("is not a network here (hidden or simple)"),
    };
}
