namespace NeuralDsl.Generators.Contract;

/// <summary>Mirror of <c>NeuralDsl.Padding</c> (same values).</summary>
internal enum PaddingKind
{
    Valid,
    Same,
}
