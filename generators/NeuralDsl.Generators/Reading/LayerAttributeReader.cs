using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Reading;

/// <summary>Turns one layer attribute's <see cref="AttributeData"/> into a <see cref="LayerSpec"/> through its kind's reader
/// (<see cref="LayerKinds"/>). An option the user did not write reads as its default from the contract's
/// <see cref="LayerDefaults"/>, except the kernel regularizer's, which are kept as written: whether a factor is written
/// decides the regularizer (<see cref="RegularizerChoice"/>).</summary>
internal static class LayerAttributeReader
{
    /// <summary>True when <paramref name="attribute"/> is one of NeuralDsl's layer attributes (or [Reuse]).</summary>
    public static bool IsLayerAttribute(AttributeData attribute) => LayerKinds.IsLayer(MetadataName(attribute));

    public static string? MetadataName(AttributeData attribute) =>
        attribute.AttributeClass is { } type && type.TypeKind != TypeKind.Error ? type.ToDisplayString() : null;

    /// <summary>Where the attribute is written (its syntax), or null for one that did not come from source.</summary>
    public static LocationInfo? LocationOf(AttributeData attribute) =>
        attribute.ApplicationSyntaxReference?.GetSyntax() is { } syntax ? LocationInfo.From(syntax) : null;

    /// <summary>The layer with its <c>Name</c> and <c>From</c>, or null when the attribute does not bind (the compiler reports that itself).</summary>
    public static LayerSpec? Read(AttributeData attribute, LocationInfo location)
    {
        if (attribute.ConstructorArguments.Any(argument => argument.Kind == TypedConstantKind.Error)) return null;
        try
        {
            var arguments = new AttributeArguments(attribute, location);
            var layer = LayerKinds.Read(MetadataName(attribute), arguments);
            return layer is null ? null : layer with { Name = arguments.Named.String("Name"), From = arguments.Named.String("From") };
        }
        catch (Exception exception) when (exception is InvalidCastException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The named arguments (property = value) of an attribute, each read as written or as its default; or as
    /// null when not written, for an option whose meaning depends on whether it is written.</summary>
    public sealed class NamedArguments
    {
        private readonly Dictionary<string, object?> _values = new Dictionary<string, object?>(StringComparer.Ordinal);

        public NamedArguments(AttributeData attribute)
        {
            foreach (var pair in attribute.NamedArguments)
                if (pair.Value.Kind != TypedConstantKind.Error) _values[pair.Key] = pair.Value.Value;
        }

        public int Int(string name, int fallback) => Int(name) ?? fallback;

        public int? Int(string name) => _values.TryGetValue(name, out var value) && value is not null ? AttributeArguments.ToInt(value) : null;

        public double? Double(string name) => _values.TryGetValue(name, out var value) && value is not null ? Convert.ToDouble(value, CultureInfo.InvariantCulture) : null;

        public string? String(string name) => _values.TryGetValue(name, out var value) ? value as string : null;

        public bool Bool(string name, bool fallback) => _values.TryGetValue(name, out var value) ? value is true : fallback;
    }
}
