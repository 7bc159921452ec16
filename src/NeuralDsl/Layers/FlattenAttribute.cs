namespace NeuralDsl;

/// <summary>Reshapes a height × width × channels tensor into one vector (row-major, channels last), as Keras.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class FlattenAttribute : LayerAttribute
{
}
