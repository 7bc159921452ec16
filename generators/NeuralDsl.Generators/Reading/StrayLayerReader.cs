using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;

namespace NeuralDsl.Generators.Reading;

/// <summary>Finds layer attributes on classes that have neither <c>[Model]</c> nor <c>[Block]</c>: nothing would be generated for
/// them, so each one is an error (NDSL017) rather than silently ignored.</summary>
internal static class StrayLayerReader
{
    public static EquatableArray<DiagnosticInfo> Read(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        // A model's layers are read with it; a block's are read where a [Repeat] uses it.
        if (type.GetAttributes().Any(attribute => LayerAttributeReader.MetadataName(attribute) is ContractNames.ModelAttribute or ContractNames.BlockAttribute))
            return EquatableArray<DiagnosticInfo>.Empty;

        var diagnostics = new List<DiagnosticInfo>();
        foreach (var attribute in context.Attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var location = LayerAttributeReader.LocationOf(attribute);
            if (location is null) continue;
            var layer = LayerAttributeReader.Read(attribute, location);
            string display = layer?.Display ?? "[" + attribute.AttributeClass?.Name.Replace("Attribute", "") + "]";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerWithoutModel, location, display, type.Name));
        }
        return diagnostics.ToEquatableArray();
    }
}
