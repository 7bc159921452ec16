using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Reading;

/// <summary>Turns one layer attribute's <see cref="AttributeData"/> into a <see cref="LayerSpec"/>. An option the user
/// did not write reads as its default from the contract's <see cref="LayerDefaults"/>, except the kernel regularizer's,
/// which are kept as written: whether a factor is written decides the regularizer (<see cref="RegularizerChoice"/>).</summary>
internal static class LayerAttributeReader
{
    /// <summary>True when <paramref name="attribute"/> is one of NeuralDsl's layer attributes.</summary>
    public static bool IsLayerAttribute(AttributeData attribute) =>
        Array.IndexOf(ContractNames.LayerAttributes, MetadataName(attribute)) >= 0;

    public static string? MetadataName(AttributeData attribute) =>
        attribute.AttributeClass is { } type && type.TypeKind != TypeKind.Error ? type.ToDisplayString() : null;

    /// <summary>Where the attribute is written (its syntax), or null for one that did not come from source.</summary>
    public static LocationInfo? LocationOf(AttributeData attribute) =>
        attribute.ApplicationSyntaxReference?.GetSyntax() is { } syntax ? LocationInfo.From(syntax) : null;

    /// <summary>The layer, or null when the attribute does not bind (the compiler reports that itself).</summary>
    public static LayerSpec? Read(AttributeData attribute, LocationInfo location)
    {
        var layer = ReadLayer(attribute, location);
        return layer is null || layer is InputSpec ? layer : layer with { Name = new NamedArguments(attribute).String("Name") };
    }

    private static LayerSpec? ReadLayer(AttributeData attribute, LocationInfo location)
    {
        var constructorArguments = attribute.ConstructorArguments;
        if (constructorArguments.Any(argument => argument.Kind == TypedConstantKind.Error)) return null;
        var arguments = constructorArguments.Select(argument => argument.Kind == TypedConstantKind.Array ? null : argument.Value).ToArray();
        var named = new NamedArguments(attribute);
        try
        {
            switch (MetadataName(attribute))
            {
                case ContractNames.InputAttribute when arguments.Length == 1 && constructorArguments[0].Kind == TypedConstantKind.Array:
                    return new InputSpec(constructorArguments[0].Values.Select(value => ToInt(value.Value)).ToEquatableArray(), location);
                case ContractNames.DenseAttribute when arguments.Length == 2:
                    return new DenseSpec(ToInt(arguments[0]), (Activation)ToInt(arguments[1]), ReadWeightOptions(named), location);
                case ContractNames.DropoutAttribute when arguments.Length == 1:
                    return new DropoutSpec(ToDouble(arguments[0]), location);
                case ContractNames.ActivationAttribute when arguments.Length == 1:
                    return new ActivationSpec((Activation)ToInt(arguments[0]), location);
                case ContractNames.Conv2DAttribute when arguments.Length == 3 || arguments.Length == 4:
                    // Conv2D(filters, kernelSize, activation) or Conv2D(filters, kernelHeight, kernelWidth, activation).
                    bool square = arguments.Length == 3;
                    return new Conv2DSpec(
                        Filters: ToInt(arguments[0]),
                        KernelHeight: ToInt(arguments[1]),
                        KernelWidth: ToInt(arguments[square ? 1 : 2]),
                        Activation: (Activation)ToInt(arguments[square ? 2 : 3]),
                        Strides: named.Int("Strides", LayerDefaults.Conv2DStrides),
                        Padding: (Padding)named.Int("Padding", (int)LayerDefaults.Padding),
                        Weights: ReadWeightOptions(named),
                        Location: location);
                case ContractNames.MaxPooling2DAttribute when arguments.Length == 1 || arguments.Length == 2:
                case ContractNames.AveragePooling2DAttribute when arguments.Length == 1 || arguments.Length == 2:
                    return new Pooling2DSpec(
                        IsMax: MetadataName(attribute) == ContractNames.MaxPooling2DAttribute,
                        PoolHeight: ToInt(arguments[0]),
                        PoolWidth: ToInt(arguments[arguments.Length - 1]),
                        Strides: named.Int("Strides", LayerDefaults.PoolingStrides),
                        Padding: (Padding)named.Int("Padding", (int)LayerDefaults.Padding),
                        Location: location);
                case ContractNames.FlattenAttribute when arguments.Length == 0:
                    return new FlattenSpec(location);
                default:
                    return null;
            }
        }
        catch (Exception exception) when (exception is InvalidCastException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The options of <c>WeightedLayerAttribute</c>, which Dense and Conv2D share.</summary>
    private static WeightOptions ReadWeightOptions(NamedArguments named) => new WeightOptions(
        UseBias: named.Bool("UseBias", LayerDefaults.UseBias),
        KernelInitializer: (Initializer)named.Int("KernelInitializer", (int)LayerDefaults.KernelInitializer),
        BiasInitializer: (Initializer)named.Int("BiasInitializer", (int)LayerDefaults.BiasInitializer),
        KernelRegularizer: new RegularizerChoice((Regularizer?)named.Int("KernelRegularizer"), named.Double("L1"), named.Double("L2")),
        Trainable: named.Bool("Trainable", LayerDefaults.Trainable));

    public static int ToInt(object? value) => Convert.ToInt32(value ?? throw new InvalidCastException(), CultureInfo.InvariantCulture);

    public static double ToDouble(object? value) => Convert.ToDouble(value ?? throw new InvalidCastException(), CultureInfo.InvariantCulture);

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

        public int? Int(string name) => _values.TryGetValue(name, out var value) && value is not null ? ToInt(value) : null;

        public double? Double(string name) => _values.TryGetValue(name, out var value) && value is not null ? ToDouble(value) : null;

        public string? String(string name) => _values.TryGetValue(name, out var value) ? value as string : null;

        public bool Bool(string name, bool fallback) => _values.TryGetValue(name, out var value) ? value is true : fallback;
    }
}
