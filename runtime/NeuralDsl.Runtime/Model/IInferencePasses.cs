namespace NeuralDsl;

/// <summary>
/// Inference-mode passes lent to one Predict or Evaluate call by <see cref="IModelBackend.RentInference"/>: nobody else
/// runs them until the call gives them back, so calls on several threads never share a workspace.
/// </summary>
internal interface IInferencePasses
{
    /// <summary>Rows one <see cref="Forward"/> can take.</summary>
    int Capacity { get; }

    /// <summary>The inference forward pass over <paramref name="rows"/> rows of <paramref name="x"/> (rows × InputSize, in
    /// sequence); the outputs (rows × OutputSize) stay valid until the next pass or until the passes are given back.</summary>
    ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int rows);

    /// <summary>The inference pass over <paramref name="rows"/> rows of <paramref name="x"/>, whose loss and metrics against
    /// <paramref name="targets"/> (rows × OutputSize) are added to <see cref="Metrics"/> as batch <paramref name="step"/>;
    /// the outputs are not read back.</summary>
    void Evaluate(ReadOnlySpan<float> x, ReadOnlySpan<float> targets, int rows, int step);

    /// <summary>The sums of <see cref="Evaluate"/>; reset them before a call's first batch.</summary>
    IBatchMetrics Metrics { get; }
}
