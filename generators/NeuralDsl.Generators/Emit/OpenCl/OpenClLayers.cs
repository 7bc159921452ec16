using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Emit.OpenCl;

/// <summary>Makes the <see cref="OpenClLayer"/> of each kind of pass. Each kind's part lives beside its layer class in
/// <c>Layers/</c>, so a new kind of layer is one file here.</summary>
internal sealed partial class OpenClLayers : IOpVisitor<OpenClLayer>
{
    public static readonly OpenClLayers Instance = new OpenClLayers();

    private OpenClLayers()
    {
    }
}
