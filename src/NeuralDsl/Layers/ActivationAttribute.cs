namespace NeuralDsl;

/// <summary>A stand-alone activation layer (Keras <c>Activation('relu')</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ActivationAttribute : LayerAttribute
{
    public ActivationAttribute(Activation activation) => Activation = activation;

    /// <summary>The function applied.</summary>
    public Activation Activation { get; }
}
