namespace NeuralDsl.Generators.Contract;

/// <summary>Mirror of <c>NeuralDsl.Loss</c> (same values).</summary>
internal enum LossKind
{
    MeanSquaredError,
    MeanAbsoluteError,
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
}
