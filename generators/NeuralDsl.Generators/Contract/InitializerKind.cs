namespace NeuralDsl.Generators.Contract;

/// <summary>Mirror of <c>NeuralDsl.Initializer</c> (same values).</summary>
internal enum InitializerKind
{
    RandomUniform,
    RandomNormal,
    Zeros,
    Ones,
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
}
