using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;

namespace NeuralDsl.Generators.Reading;

/// <summary>The Reading step: a class carrying <c>[Model]</c> → <see cref="ModelSpec"/>, plus the checks
/// that need symbols (partial, generic, kind of class), reported later from plain values.</summary>
internal static class ModelReader
{
    public static ModelSpec Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var modelAttribute = context.Attributes[0];
        var modelLocation = LayerAttributeReader.LocationOf(modelAttribute) ?? LocationInfo.From(context.TargetNode);
        var diagnostics = new List<DiagnosticInfo>();

        bool canDeclareMembers = CheckClass(type, modelLocation, diagnostics, cancellationToken);

        var named = new LayerAttributeReader.NamedArguments(modelAttribute);
        var loss = (Loss)named.Int("Loss", (int)LayerDefaults.Loss);
        var metrics = (Metric)named.Int("Metrics", (int)LayerDefaults.Metrics);

        // Layer attributes in source order; a [Reuse] brings the reused model's input and layers. An attribute among them
        // that does not bind keeps its place (UnreadLayerSpec), and one that binds to another library is reported.
        var layers = new List<LayerSpec>();
        bool malformed = false;
        foreach (var attribute in AttributesAmongLayers(type, modelLocation, diagnostics))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = LayerAttributeReader.LocationOf(attribute)!;
            LayerSpec? layer = LayerAttributeReader.MetadataName(attribute) switch
            {
                ContractNames.ReuseAttribute => ReuseReader.Read(attribute, location, type, diagnostics, cancellationToken),
                RepeatSpec.AttributeName => RepeatReader.Read(attribute, location, diagnostics, cancellationToken),
                _ => LayerAttributeReader.Read(attribute, location),
            };
            if (layer is null || layer is ReuseSpec { Layers.IsEmpty: true } || layer is RepeatSpec { Layers.IsEmpty: true }) malformed = true;
            layers.Add(layer ?? UnreadLayerSpec.For(attribute, location));
        }

        return new ModelSpec(
            Namespace: type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
            ClassName: type.Name,
            TypeParameters: type.TypeParameters.Select(parameter => parameter.Name).ToEquatableArray(),
            ContainingTypes: ContainingTypes(type).ToEquatableArray(),
            CanDeclareMembers: canDeclareMembers,
            Location: modelLocation,
            Loss: loss,
            Metrics: metrics,
            Layers: layers.ToEquatableArray(),
            Diagnostics: diagnostics.ToEquatableArray(),
            HasMalformedAttributes: malformed);
    }

    /// <summary>
    /// The layer attributes of <paramref name="type"/> in source order, with the attributes written after the first of them
    /// that do not bind (a misspelt or missing layer: CS0246), so that they keep their place. A bound attribute of another
    /// library written between two layer attributes is reported (NDSL038): the model leaves it out.
    /// </summary>
    public static IEnumerable<AttributeData> AttributesAmongLayers(INamedTypeSymbol type, LocationInfo modelLocation, List<DiagnosticInfo> diagnostics)
    {
        var layers = LayerAttributesInOrder(type, modelLocation).ToList();
        var inModelFile = layers.Select(LayerAttributeReader.LocationOf).Where(l => l is not null && l.FilePath == modelLocation.FilePath).ToList();
        if (inModelFile.Count == 0) return layers;
        int first = inModelFile.Min(l => l!.Span.Start), last = inModelFile.Max(l => l!.Span.Start);
        var others = new List<AttributeData>();
        foreach (var attribute in type.GetAttributes())
        {
            if (LayerAttributeReader.IsLayerAttribute(attribute) || LayerAttributeReader.LocationOf(attribute) is not { } location) continue;
            if (location.FilePath != modelLocation.FilePath || location.Span.Start < first) continue;
            if (attribute.AttributeClass is null || attribute.AttributeClass.TypeKind == TypeKind.Error) others.Add(attribute);
            else if (location.Span.Start < last && LayerAttributeReader.MetadataName(attribute) is not (ContractNames.ModelAttribute or ContractNames.BlockAttribute))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotALayerAttribute, location,
                    attribute.AttributeClass.Name.Replace("Attribute", ""), attribute.AttributeClass.ToDisplayString()));
        }
        if (others.Count == 0) return layers;
        return layers.Concat(others).OrderBy(a => LayerAttributeReader.LocationOf(a) is { } l && l.FilePath == modelLocation.FilePath ? 0 : 1)
            .ThenBy(a => LayerAttributeReader.LocationOf(a)?.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(a => LayerAttributeReader.LocationOf(a)?.Span.Start ?? 0);
    }

    /// <summary>
    /// The layer attributes of <paramref name="type"/> in source order. A class split over several files is read file by
    /// file: the file that carries [Model] first, then the others by path. Attributes of a class from metadata (no
    /// syntax) keep the order the compiler gives them.
    /// </summary>
    public static IEnumerable<AttributeData> LayerAttributesInOrder(INamedTypeSymbol type, LocationInfo? modelLocation) =>
        type.GetAttributes()
            .Where(LayerAttributeReader.IsLayerAttribute)
            .Select((attribute, index) => (Attribute: attribute, Index: index, Location: LayerAttributeReader.LocationOf(attribute)))
            .Where(item => item.Location is not null || modelLocation is null)
            .OrderBy(item => item.Location is null || item.Location.FilePath == modelLocation?.FilePath ? 0 : 1)
            .ThenBy(item => item.Location?.FilePath ?? "", System.StringComparer.Ordinal)
            .ThenBy(item => item.Location?.Span.Start ?? item.Index)
            .Select(item => item.Attribute);

    /// <summary>Reports what makes the class unusable as a model; returns whether a generated partial declaration of it
    /// deriving from SequentialModel would compile (partial all the way out, a plain class without another base).</summary>
    private static bool CheckClass(INamedTypeSymbol type, LocationInfo location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        bool canDeclareMembers = true;
        string display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        if (!IsPartial(type, cancellationToken))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ModelNotPartial, location, type.Name));
            canDeclareMembers = false;
        }
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            if (!IsPartial(outer, cancellationToken))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, location, type.Name, outer.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
                canDeclareMembers = false;
            }

        bool generic = false;
        for (var t = type; t is not null; t = t.ContainingType) generic |= t.TypeParameters.Length > 0;
        if (generic)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericModel, location,
                type.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));

        string? problem =
            type.IsRecord ? "is a record"
            : type.IsStatic ? "is static"
            : type.IsAbstract ? "is abstract"
            : type.BaseType is { SpecialType: not SpecialType.System_Object } baseType && baseType.ToDisplayString() != ContractNames.SequentialModel
                ? "derives from '" + baseType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "'"
            : null;
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidModelClass, location, display, problem));
            canDeclareMembers = false;
        }
        return canDeclareMembers;
    }

    private static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.All(reference =>
            reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax declaration
            || declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    /// <summary>Enclosing types, outermost first, spelled as the generated partial re-declares them.</summary>
    private static IEnumerable<ContainingTypeSpec> ContainingTypes(INamedTypeSymbol type)
    {
        var stack = new Stack<ContainingTypeSpec>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            string keyword = outer.IsRecord
                ? (outer.TypeKind == TypeKind.Struct ? "record struct" : "record")
                : outer.TypeKind switch
                {
                    TypeKind.Struct => "struct",
                    TypeKind.Interface => "interface",
                    _ => "class",
                };
            string name = outer.TypeParameters.Length == 0
                ? outer.Name
                : outer.Name + "<" + string.Join(", ", outer.TypeParameters.Select(parameter => parameter.Name)) + ">";
            stack.Push(new ContainingTypeSpec(keyword, name));
        }
        return stack;
    }
}
