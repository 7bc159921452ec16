namespace NeuralDsl;

/// <summary>
/// What every generated model offers independently of its class: the one parameter buffer and saving it. Callbacks
/// get a model through this interface (<see cref="TrainingContext.Model"/>); cast it to the generated class for more.
/// </summary>
public interface IModel
{
    /// <summary>The model's class name, e.g. <c>MnistMlp</c>.</summary>
    string Name { get; }

    /// <summary>All weights and biases in one buffer; writing them changes the model.</summary>
    Span<float> Parameters { get; }

    /// <summary>Writes the weights as a safetensors file, atomically.</summary>
    void Save(string path);
}
