namespace NeuralDsl;

/// <summary>Whether a monitored metric improves by going down or up (Keras's <c>mode</c>).</summary>
public enum MonitorMode
{
    /// <summary>From the name: names containing <c>acc</c>, <c>precision</c>, <c>recall</c> or <c>auc</c> are
    /// maximised, every other (loss, error) minimised.</summary>
    Auto,
    /// <summary>Lower is better.</summary>
    Min,
    /// <summary>Higher is better.</summary>
    Max,
}
