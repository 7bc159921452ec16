namespace NeuralDsl;

/// <summary>Where a model tensor's values come from when a file is loaded: the file's tensor of that name (<see
/// cref="FileName"/>), converted from the file's layout to the model's by <see cref="Conversion"/>.</summary>
internal readonly record struct TensorSource(SafeTensor Target, string FileName, TensorConversion Conversion)
{
    /// <summary>A tensor stored under the model's own name and layout (NeuralDsl's and Keras's files).</summary>
    public static TensorSource Same(SafeTensor target) => new(target, target.Name, TensorConversion.None);
}
