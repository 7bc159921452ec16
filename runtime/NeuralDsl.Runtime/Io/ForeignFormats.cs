namespace NeuralDsl;

/// <summary>The file extensions of other tools' formats, which <c>Save</c> (safetensors) and <c>ExportOnnx</c> (ONNX) refuse
/// with the call that does what the caller wanted, rather than write a file whose name says it is something else.</summary>
internal static class ForeignFormats
{
    /// <summary>Refuses a safetensors target named like an ONNX, Keras or PyTorch file.</summary>
    public static void CheckSafetensorsPath(string path, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, paramName);
        string? message = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".onnx" => "Save writes safetensors weights, not ONNX models; call ExportOnnx(path) to write an ONNX model.",
            ".pt" => "Save writes safetensors weights, not PyTorch files. To bring PyTorch weights in, save the state_dict with " +
                "safetensors.torch.save_file in Python and call LoadWeights(path, WeightMatching.ByName, WeightLayout.PyTorch).",
            ".h5" or ".keras" => "Save writes safetensors weights; Keras's .h5 and .keras files are neither written nor read. " +
                "Name the file .safetensors.",
            _ => null,
        };
        if (message is not null) throw new ArgumentException($"{path}: {message}", paramName);
    }

    /// <summary>Refuses an ONNX target whose name does not end in .onnx (a weights file, most likely).</summary>
    public static void CheckOnnxPath(string path, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, paramName);
        if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"{path}: ExportOnnx writes an ONNX model, whose file name must end in .onnx; Save(path) writes the weights as safetensors.", paramName);
        }
    }
}
