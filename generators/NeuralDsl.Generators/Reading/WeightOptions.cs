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
    bool Trainable)
{
    /// <summary>The options of <c>WeightedLayerAttribute</c>, which Dense and Conv2D share.</summary>
    public static WeightOptions Read(LayerAttributeReader.NamedArguments named) => new WeightOptions(
        UseBias: named.Bool("UseBias", LayerDefaults.UseBias),
        KernelInitializer: (Initializer)named.Int("KernelInitializer", (int)LayerDefaults.KernelInitializer),
        BiasInitializer: (Initializer)named.Int("BiasInitializer", (int)LayerDefaults.BiasInitializer),
        KernelRegularizer: new RegularizerChoice((Regularizer?)named.Int("KernelRegularizer"), named.Double("L1"), named.Double("L2")),
        Trainable: named.Bool("Trainable", LayerDefaults.Trainable));
}
