namespace NeuralDsl;

/// <summary>
/// Batch normalization over the last (channel) axis, as Keras: in training, each channel is normalized with the batch's
/// mean and variance and the moving statistics follow <c>moving = moving · Momentum + batch · (1 − Momentum)</c>; at
/// inference the moving statistics are used. Tensors <c>name/gamma</c> and <c>name/beta</c> train;
/// <c>name/moving_mean</c> and <c>name/moving_variance</c> are state (never stepped by an optimizer, non-trainable in the
/// summary, saved with the weights). A frozen layer (<see cref="Trainable"/> false) runs in inference mode, as Keras 3.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormalizationAttribute : LayerAttribute
{
    /// <summary>Weight of the old value in the moving statistics' update (Keras default 0.99), in [0, 1].</summary>
    public double Momentum { get; set; } = LayerDefaults.BatchNormalizationMomentum;

    /// <summary>Added to the variance before its square root (Keras default 0.001); positive.</summary>
    public double Epsilon { get; set; } = LayerDefaults.BatchNormalizationEpsilon;

    /// <summary>Whether the layer adds the learned offset <c>beta</c> (Keras default true).</summary>
    public bool Center { get; set; } = LayerDefaults.BatchNormalizationCenter;

    /// <summary>Whether the layer multiplies by the learned scale <c>gamma</c> (Keras default true).</summary>
    public bool Scale { get; set; } = LayerDefaults.BatchNormalizationScale;

    /// <summary>Whether training updates gamma and beta and uses batch statistics (Keras <c>trainable</c>, default true).</summary>
    public bool Trainable { get; set; } = LayerDefaults.Trainable;
}
