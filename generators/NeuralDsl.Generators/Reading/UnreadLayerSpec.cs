using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary>An attribute among the layers that could not be read: a type that does not bind (CS0246) or arguments that
/// do not (the compiler reports both). It keeps its place, so the layers reading it have an unknown shape instead of
/// errors about a layer the user never removed; a model holding one is not generated.</summary>
internal sealed record UnreadLayerSpec(string Written, LocationInfo Location) : LayerSpec(Location)
{
    /// <summary>The placeholder of <paramref name="attribute"/>, with the name written on it when the compiler could read that.</summary>
    public static UnreadLayerSpec For(Microsoft.CodeAnalysis.AttributeData attribute, LocationInfo location) =>
        new UnreadLayerSpec(attribute.AttributeClass?.Name.Replace("Attribute", "") ?? "?", location)
        {
            Name = new LayerAttributeReader.NamedArguments(attribute).String("Name"),
        };

    public override string Kind => Written;

    public override string Display => "[" + Written + "]";
}
