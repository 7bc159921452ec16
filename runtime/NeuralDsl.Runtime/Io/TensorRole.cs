namespace NeuralDsl;

/// <summary>
/// What a tensor of a model's parameter buffer is for (<see cref="SafeTensor.Role"/>): a weight that training learns, or
/// state that the layer keeps for itself. Both are saved, loaded and copied alike; they differ in who writes them.
/// </summary>
public enum TensorRole
{
    /// <summary>A trainable weight (a kernel, a bias, BatchNormalization's gamma and beta): stepped by the optimizer while its
    /// layer trains, counted under "Trainable params" (under "Non-trainable params" while its layer is frozen).</summary>
    Weight = 0,

    /// <summary>State that the forward pass writes in training (BatchNormalization's moving mean and variance): never stepped
    /// by an optimizer, counted under "Non-trainable params", saved and loaded with the weights, and the same on every rank
    /// of data-parallel training (the ranks' updates are averaged after each step).</summary>
    State = 1,
}
