using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary>The options every layer with weights takes (<c>WeightedLayerAttribute</c>): the bias, how the kernel and
/// bias start, the kernel's penalty with its factors, and whether training updates them.</summary>
internal sealed record WeightOptions(
    bool UseBias,
    Initializer KernelInitializer,
    Initializer BiasInitializer,
    Regularizer KernelRegularizer,
    double L1,
    double L2,
    bool Trainable);
