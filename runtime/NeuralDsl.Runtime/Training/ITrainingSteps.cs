namespace NeuralDsl;

/// <summary>
/// The passes of one <c>Fit</c> on one backend; <see cref="TrainingLoop"/> owns the epochs, shuffling, metrics
/// and divergence checks around them. A ref struct implementation may hold the caller's spans.
/// </summary>
internal interface ITrainingSteps
{
    /// <summary>Called at the start of each epoch with the (shuffled) row order of the training set.</summary>
    void BeginEpoch(int[] order);

    /// <summary>Training forward pass over rows <c>order[start .. start + count)</c>: the outputs, and the
    /// regularization penalty of the current parameters.</summary>
    ReadOnlySpan<float> Forward(int[] order, int start, int count, out double penalty);

    /// <summary>Backward pass over the rows of the last forward pass, then one optimizer step.</summary>
    void BackwardAndUpdate(ReadOnlySpan<float> targets, int count, Optimizer optimizer);

    /// <summary>Called after an epoch's last step: the model's <see cref="SequentialModel.Parameters"/> must hold the trained values.</summary>
    void EndEpoch();

    /// <summary>Adds the inference-mode loss and metrics of the validation rows.</summary>
    void Validate(MetricsAccumulator metrics);
}
