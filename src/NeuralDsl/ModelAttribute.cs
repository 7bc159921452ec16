namespace NeuralDsl;

/// <summary>
/// Marks a <c>partial class</c> as a sequential model. The layer attributes on the same class are read in
/// source order; the NeuralDsl source generator checks their shapes and writes the model's code.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ModelAttribute : Attribute
{
    /// <summary>The training objective (Keras <c>compile(loss=...)</c>).</summary>
    public Loss Loss { get; set; } = LayerDefaults.Loss;

    /// <summary>Metrics recorded besides the loss (Keras <c>compile(metrics=...)</c>).</summary>
    public Metric Metrics { get; set; } = LayerDefaults.Metrics;
}
