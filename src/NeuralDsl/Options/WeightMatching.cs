namespace NeuralDsl;

/// <summary>How <c>LoadWeights</c> matches a file's tensors to the model's.</summary>
public enum WeightMatching
{
    /// <summary>Every tensor of the model must be in the file with its shape, and the file must hold nothing else.</summary>
    Strict,

    /// <summary>Fills the tensors whose names and shapes match (Keras's <c>by_name=True</c>, <c>skip_mismatch=True</c>); the
    /// others keep their values.</summary>
    ByName,
}
