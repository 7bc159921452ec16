namespace NeuralDsl;

/// <summary>A stand-alone activation layer (Keras <c>Activation('relu')</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ActivationAttribute : Attribute
{
    public ActivationAttribute(Activation activation) => Activation = activation;

    /// <summary>The function applied.</summary>
    public Activation Activation { get; }

    /// <summary>The layer's name (Keras <c>name=</c>); null (the default) numbers the layer by type.</summary>
    public string? Name { get; set; }
}
