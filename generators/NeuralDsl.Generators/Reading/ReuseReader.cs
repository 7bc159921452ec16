using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;

namespace NeuralDsl.Generators.Reading;

/// <summary>Reads <c>[Reuse(typeof(Source), Through, Trainable)]</c>: the reused class's own attributes (following its
/// reuses in turn), named as the source model names its layers, cut after <c>Through</c>, into a <see cref="ReuseSpec"/>
/// of plain values. The symbols stay here: what leaves is equatable.</summary>
internal static class ReuseReader
{
    /// <summary>The reuse, with no layers when the reused model cannot be read (a diagnostic says why), or null when the
    /// attribute does not bind (the compiler reports it).</summary>
    public static ReuseSpec? Read(AttributeData attribute, LocationInfo location, INamedTypeSymbol owner,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken) =>
        Read(attribute, location, new List<INamedTypeSymbol> { owner }, null, diagnostics, cancellationToken);

    /// <summary>The reuse read by the last model of <paramref name="chain"/>, the models that reuse it before; diagnostics name
    /// it as <paramref name="shownAs"/> (the reuse the user wrote, when this one is the reused model's own).</summary>
    private static ReuseSpec? Read(AttributeData attribute, LocationInfo location, List<INamedTypeSymbol> chain, string? shownAs,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol source) return null;
        var named = new LayerAttributeReader.NamedArguments(attribute);
        string? through = named.String("Through");
        bool trainable = named.Bool("Trainable", LayerDefaults.Trainable);
        string sourceName = source.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        string display = shownAs ?? "Reuse(typeof(" + sourceName + "))";

        var failed = new ReuseSpec(sourceName, "global::" + source.ToDisplayString(), through, trainable, EquatableArray<LayerSpec>.Empty, location);
        var layers = Expand(source, chain, location, display, diagnostics, cancellationToken);
        if (layers is null) return failed;

        // The source's names, then the cut after Through.
        var afterInput = layers.Where(layer => layer is not InputSpec).ToList();
        string[] names = LayerNames.Assign(afterInput);
        int last = names.Length - 1;
        if (through is not null)
        {
            last = System.Array.IndexOf(names, through);
            if (last < 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReuseThroughUnknown, location, display, sourceName, through,
                    string.Join(", ", names)));
                return failed;
            }
        }
        var reused = new List<LayerSpec>();
        reused.AddRange(layers.OfType<InputSpec>().Take(1).Select(input => input with { Location = location }));
        for (int i = 0; i <= last; i++)
        {
            var layer = afterInput[i] with { Name = names[i], Location = location };
            if (!trainable) layer = layer.Frozen();
            reused.Add(layer);
        }
        return failed with { Layers = reused.ToEquatableArray() };
    }

    /// <summary>The layers of <paramref name="source"/> as written (its input included), with its own reuses expanded, or
    /// null when it is not a model, reuses in a cycle, or has attributes that do not read.</summary>
    private static List<LayerSpec>? Expand(INamedTypeSymbol source, List<INamedTypeSymbol> chain, LocationInfo location, string display,
        List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        string sourceName = source.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var modelAttribute = source.GetAttributes().FirstOrDefault(attribute => LayerAttributeReader.MetadataName(attribute) == ContractNames.ModelAttribute);
        if (modelAttribute is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReuseNotModel, location, display, sourceName));
            return null;
        }
        if (chain.Contains(source, SymbolEqualityComparer.Default))
        {
            string cycle = string.Join(" \u2192 ", chain.Concat(new[] { source }).Select(type => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ReuseCycle, location, display, sourceName, cycle));
            return null;
        }

        var layers = new List<LayerSpec>();
        var blocks = new BlockExpansion();
        var modelLocation = LayerAttributeReader.LocationOf(modelAttribute);
        foreach (var attribute in ModelReader.LayerAttributesInOrder(source, modelLocation))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (LayerAttributeReader.MetadataName(attribute) == RepeatSpec.AttributeName)
            {
                // The source's block instances, named as the source names them (it checked their shapes already).
                var repeat = RepeatReader.Read(attribute, location, diagnostics, cancellationToken);
                if (repeat is null || repeat.Layers.IsEmpty) return null;
                layers.AddRange(blocks.Expand(repeat).Select(layer => layer with { Instance = null }));
                continue;
            }
            if (LayerAttributeReader.MetadataName(attribute) == ContractNames.ReuseAttribute)
            {
                // The source's own reuse, named, cut and frozen as the source reads it; a cycle is reported here.
                var nested = Read(attribute, location, chain.Concat(new[] { source }).ToList(), display, diagnostics, cancellationToken);
                if (nested is null || nested.Layers.IsEmpty) return null;
                layers.AddRange(nested.Layers);
                continue;
            }
            var layer = LayerAttributeReader.Read(attribute, location);
            if (layer is null) return null;
            layers.Add(layer);
        }
        return layers;
    }
}
