namespace NeuralDsl.Onnx;

/// <summary>A value of the exported graph: its name, its <see cref="OnnxLayout"/>, and the NeuralDsl shape it holds
/// (without the batch dimension, channels last). A <see cref="OnnxLayout.FlatChannelsFirst"/> vector keeps the image
/// shape it was flattened from in <see cref="Image"/>.</summary>
internal sealed record OnnxValue(string Name, OnnxLayout Layout, int[] Shape, int[]? Image = null)
{
    public bool IsImage => Shape.Length == 3;

    public int Size => Shape.Aggregate(1, (product, dim) => product * dim);
}
