namespace NeuralDsl.Generators.Contract;

/// <summary>Mirror of <c>NeuralDsl.Activation</c> (same values); the generator cannot reference the contract assembly.</summary>
internal enum ActivationKind
{
    Linear,
    Relu,
    LeakyRelu,
    Elu,
    Sigmoid,
    Tanh,
    Softmax,
    Softplus,
}
