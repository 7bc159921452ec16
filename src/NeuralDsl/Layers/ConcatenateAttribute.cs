namespace NeuralDsl;

/// <summary>
/// Joins outputs on the last (channel) axis (Keras <c>Concatenate(axis=-1)</c>): the output of the layer before it (or of
/// <see cref="LayerAttribute.From"/>) first, then the named earlier layers' outputs in order; every other axis must agree.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ConcatenateAttribute : LayerAttribute
{
    /// <param name="layers">The earlier layers joined after the previous layer's output.</param>
    public ConcatenateAttribute(params string[] layers) => Layers = layers;

    /// <summary>The names of the other layers joined.</summary>
    public string[] Layers { get; }
}
