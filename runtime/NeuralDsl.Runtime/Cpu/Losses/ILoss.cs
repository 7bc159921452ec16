namespace NeuralDsl.Cpu;

/// <summary>
/// A loss as a type, one per <see cref="Loss"/>: its value and derivative for one predicted value p and its target y,
/// and how a row's values are reduced. <see cref="LossMath"/> runs every loss through these, so each formula is
/// written once (the generated OpenCL mirrors them, and a test compares the two at sample points).
/// </summary>
public interface ILoss
{
    /// <summary>The loss of one value before the row's reduction.</summary>
    static abstract double Value(float p, float y);

    /// <summary>d(<see cref="Value"/>)/dp; 0 where the clipped loss is flat.</summary>
    static abstract float Derivative(float p, float y);

    /// <summary>True when a row's loss is the mean over its columns (MSE, MAE, binary cross-entropy), false when it is
    /// the sum (categorical cross-entropy over a one-hot row).</summary>
    static abstract bool MeanOverColumns { get; }
}
