namespace NeuralDsl;

/// <summary>
/// Element-wise sum (Keras <c>Add</c>): the output of the layer before it (or of <see cref="LayerAttribute.From"/>) plus
/// the outputs of the named earlier layers, all of one shape: <c>[Add("stem")]</c> closes a residual block.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class AddAttribute : LayerAttribute
{
    /// <param name="layers">The earlier layers whose outputs are added to the previous layer's.</param>
    public AddAttribute(params string[] layers) => Layers = layers;

    /// <summary>The names of the other layers added.</summary>
    public string[] Layers { get; }
}
