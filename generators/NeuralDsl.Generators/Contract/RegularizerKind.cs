namespace NeuralDsl.Generators.Contract;

/// <summary>Mirror of <c>NeuralDsl.Regularizer</c> (same values).</summary>
internal enum RegularizerKind
{
    None,
    L1,
    L2,
    L1L2,
}
