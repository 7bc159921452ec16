namespace NeuralDsl;

/// <summary>A tensor described by a safetensors header: its name, shape and dtype (e.g. "F32").</summary>
public sealed record SafeTensorInfo(string Name, int[] Shape, string DType);
