using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary>The options every layer with weights takes (<c>WeightedLayerAttribute</c>): the bias, how the kernel and
/// bias start, the kernel's penalty with its factors (as written: see <see cref="RegularizerChoice"/>), and whether
/// training updates them.</summary>
internal sealed record WeightOptions(
    bool UseBias,
    Initializer KernelInitializer,
    Initializer BiasInitializer,
    RegularizerChoice KernelRegularizer,
    bool Trainable);
