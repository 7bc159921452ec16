namespace NeuralDsl;

/// <summary>The maximum over height and width per channel: height × width × channels → channels (Keras <c>GlobalMaxPooling2D</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalMaxPooling2DAttribute : LayerAttribute
{
}
