using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;

namespace NeuralDsl.Generators.Reading;

/// <summary>Reads <c>[Repeat(typeof(Block), times)]</c>: the block class's own layer attributes, in source order, into a
/// <see cref="RepeatSpec"/> of plain values. The symbols stay here: what leaves is equatable.</summary>
internal static class RepeatReader
{
    /// <summary>The Repeat, with no layers when the block cannot be used (a diagnostic says why), or null when the attribute
    /// does not bind (the compiler reports it).</summary>
    public static RepeatSpec? Read(AttributeData attribute, LocationInfo location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var arguments = attribute.ConstructorArguments;
        if (arguments.Length != 2 || arguments[0].Value is not INamedTypeSymbol block || arguments[1].Value is not int times) return null;
        var named = new LayerAttributeReader.NamedArguments(attribute);
        string blockName = block.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        var repeat = new RepeatSpec(blockName, Casing.SnakeCase(block.Name), times, named.Int("Filters", LayerDefaults.RepeatFilters),
            named.Int("Strides", LayerDefaults.RepeatStrides), EquatableArray<LayerSpec>.Empty, location)
        { Name = named.String("Name"), From = named.String("From"), FirstIndex = named.Int("FirstIndex", LayerDefaults.RepeatFirstIndex) };

        var blockAttribute = block.GetAttributes().FirstOrDefault(a => LayerAttributeReader.MetadataName(a) == ContractNames.BlockAttribute);
        if (blockAttribute is null)
            return Invalid(repeat, "has no [Block] attribute; mark the class [Block] to use its layers here", diagnostics);

        // Read as a model's layers are: an attribute among them that does not bind keeps its place (and makes the Repeat
        // unreadable, without follow-on errors), one of another library is reported.
        var layers = new List<LayerSpec>();
        var blockLocation = LayerAttributeReader.LocationOf(blockAttribute);
        var attributes = blockLocation is null
            ? ModelReader.LayerAttributesInOrder(block, null)
            : ModelReader.AttributesAmongLayers(block, blockLocation, diagnostics);
        foreach (var layerAttribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var layerLocation = LayerAttributeReader.LocationOf(layerAttribute) ?? location; // a block from metadata: errors on the Repeat
            string? kind = LayerAttributeReader.MetadataName(layerAttribute);
            if (kind is ContractNames.ReuseAttribute or RepeatSpec.AttributeName)
                return Invalid(repeat, "uses [" + layerAttribute.AttributeClass!.Name.Replace("Attribute", "") + "]; a block holds layers only", diagnostics);
            var layer = LayerAttributeReader.Read(layerAttribute, layerLocation);
            if (layer is null) return null; // an argument that does not bind: the compiler says so
            if (layer is InputSpec)
                return Invalid(repeat, "declares " + layer.Display + "; a block reads the output of the layer before its Repeat (or its From)", diagnostics);
            if (layer.Name == LayerDefaults.BlockInput)
                return Invalid(repeat, "names a layer '" + layer.Name + "', the name by which its layers read the block's input (BlockAttribute.Input)", diagnostics);
            layers.Add(layer);
        }
        if (layers.Count == 0) return Invalid(repeat, "has no layers", diagnostics);
        return repeat with { Layers = layers.ToEquatableArray() };
    }

    private static RepeatSpec Invalid(RepeatSpec repeat, string problem, List<DiagnosticInfo> diagnostics)
    {
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBlock, repeat.Location, repeat.Display, repeat.BlockName, problem));
        return repeat;
    }
}
