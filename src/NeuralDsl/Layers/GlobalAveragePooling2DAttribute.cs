namespace NeuralDsl;

/// <summary>The mean over height and width per channel: height × width × channels → channels (Keras <c>GlobalAveragePooling2D</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GlobalAveragePooling2DAttribute : LayerAttribute
{
}
