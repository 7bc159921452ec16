namespace NeuralDsl;

/// <summary>Loss and metrics of a model on a data set (Keras <c>evaluate</c>).</summary>
public sealed record Evaluation(float Loss, float Accuracy, float Precision, float Recall)
{
    public override string ToString() =>
        FormattableString.Invariant($"loss: {Loss:0.0000} - accuracy: {Accuracy:0.0000} - precision: {Precision:0.0000} - recall: {Recall:0.0000}");
}
