using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.Cpu;

/// <summary>Makes the <see cref="CpuLayer"/> of each kind of pass. Each kind's part lives beside its layer class in
/// <c>Layers/</c>, so a new kind of layer is one file here.</summary>
internal sealed partial class CpuLayers : IOpVisitor<CpuLayer>
{
    public static readonly CpuLayers Instance = new CpuLayers();

    private CpuLayers()
    {
    }
}
