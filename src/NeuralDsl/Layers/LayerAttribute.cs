namespace NeuralDsl;

/// <summary>What every layer attribute after <see cref="InputAttribute"/> has: a name, and which earlier layer it reads.</summary>
public abstract class LayerAttribute : Attribute
{
    private protected LayerAttribute()
    {
    }

    /// <summary>The layer's name (Keras <c>name=</c>); null (the default) numbers the layer by type: dense, dense_1…
    /// A layer with weights names its tensors after it: <c>name/kernel</c>, <c>name/bias</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The name of the earlier layer (or named input) whose output this layer reads; null (the default) reads the
    /// layer written just before it. A branch, as Keras's functional API writes <c>Conv2D(...)(block1)</c>.</summary>
    public string? From { get; set; }
}
