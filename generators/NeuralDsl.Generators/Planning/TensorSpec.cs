using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Planning;

/// <summary>A tensor a layer kind owns, before planning places it: the part of its name after the layer's
/// (<c>kernel</c>, <c>moving_mean</c>), its shape, how it starts, and its <see cref="TensorRole"/>.</summary>
internal sealed record TensorSpec(string Suffix, EquatableArray<int> Shape, Initializer Initializer, TensorRole Role = TensorRole.Weight);

/// <summary>What a tensor is for (the runtime's <c>NeuralDsl.TensorRole</c>): a weight the optimizer steps, or state the
/// forward pass keeps (BatchNormalization's moving statistics), never stepped and counted as non-trainable.</summary>
internal enum TensorRole
{
    Weight,
    State,
}
