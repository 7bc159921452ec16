namespace NeuralDsl;

/// <summary>
/// Starts a model with another model's input and layers (transfer learning): <c>[Reuse(typeof(Clothes), Through =
/// "dense_1", Trainable = false)]</c> as the first layer attribute takes Clothes's input and its layers up to and
/// including <c>dense_1</c>, with their names, and the layer attributes after it follow. The generator reads the reused
/// class's attributes at compile time, so the new model's shapes are checked end to end; the generated
/// <c>CopyWeightsFrom(Clothes source)</c> copies the reused layers' trained weights.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ReuseAttribute : Attribute
{
    /// <param name="model">The reused model: a class carrying <see cref="ModelAttribute"/>.</param>
    public ReuseAttribute(Type model) => Model = model;

    /// <summary>The reused model class.</summary>
    public Type Model { get; }

    /// <summary>The name of the last reused layer; null (the default) reuses every layer.</summary>
    public string? Through { get; set; }

    /// <summary>False freezes every reused layer with weights (Keras <c>base_model.trainable = False</c>); true (the default)
    /// keeps each layer's own setting.</summary>
    public bool Trainable { get; set; } = LayerDefaults.Trainable;
}
