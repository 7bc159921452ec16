namespace NeuralDsl;

/// <summary>Reshapes a height × width × channels tensor into one vector (row-major, channels last), as Keras.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : Attribute
{
    /// <summary>The layer's name (Keras <c>name=</c>); null (the default) numbers the layer by type.</summary>
    public string? Name { get; set; }
}
