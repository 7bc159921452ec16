using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary>
/// A <c>[Model]</c> class as read from source: names, the model options and its layer attributes in source
/// order (every <c>[Input]</c> included, wherever it stands). Plain equatable values, no symbols or syntax.
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    LocationInfo Location,
    Loss Loss,
    Metric Metrics,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool HasMalformedAttributes)
{
    /// <summary>The class as C# names it, e.g. <c>Demo.Outer.Small</c>.</summary>
    public string FullName
    {
        get
        {
            var name = Namespace is null ? "" : Namespace + ".";
            foreach (var type in ContainingTypes) name += type.Name + ".";
            return name + ClassName;
        }
    }
}
