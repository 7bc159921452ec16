namespace NeuralDsl.Generators.Planning;

/// <summary>How the backward pass starts from the loss.</summary>
internal enum OutputGradientKind
{
    /// <summary>No layer has parameters: there is nothing to differentiate.</summary>
    None,
    /// <summary>The loss gives dL/da; the last layer applies its activation's derivative.</summary>
    Loss,
    /// <summary>Softmax + (sparse) categorical cross-entropy: dL/dz = (p − y) / rows directly.</summary>
    SoftmaxCrossEntropy,
    /// <summary>Sigmoid + binary cross-entropy: dL/dz = (p − y) / (rows · columns) directly.</summary>
    SigmoidCrossEntropy,
}
