namespace NeuralDsl;

/// <summary>
/// Thrown when a training step produces a loss that is NaN or infinite. The model's parameters are
/// restored to their values at the start of the failing epoch, and the epochs completed before it are
/// kept in <see cref="History"/>.
/// </summary>
public sealed class TrainingDivergedException : ArithmeticException
{
    public TrainingDivergedException(string message, History history) : base(message) => History = history;

    /// <summary>The epochs that completed before training diverged.</summary>
    public History History { get; }
}
