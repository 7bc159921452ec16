using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;

namespace NeuralDsl.Generators.Reading;

/// <summary>Turns one layer attribute's <see cref="AttributeData"/> into a <see cref="LayerSpec"/>.</summary>
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
        var arguments = attribute.ConstructorArguments;
        if (arguments.Any(argument => argument.Kind == TypedConstantKind.Error)) return null;
        try
        {
            switch (MetadataName(attribute))
            {
                case ContractNames.InputAttribute when arguments.Length == 1 && arguments[0].Kind == TypedConstantKind.Array:
                    return new InputSpec(arguments[0].Values.Select(value => ToInt(value.Value)).ToEquatableArray(), location);
                case ContractNames.DenseAttribute when arguments.Length == 2:
                    var named = Named(attribute);
                    return new DenseSpec(
                        Units: ToInt(arguments[0].Value),
                        Activation: (ActivationKind)ToInt(arguments[1].Value),
                        UseBias: named.TryGetValue("UseBias", out var useBias) ? useBias is true : true,
                        KernelInitializer: named.TryGetValue("KernelInitializer", out var kernel) ? (InitializerKind)ToInt(kernel) : InitializerKind.GlorotUniform,
                        BiasInitializer: named.TryGetValue("BiasInitializer", out var bias) ? (InitializerKind)ToInt(bias) : InitializerKind.Zeros,
                        KernelRegularizer: named.TryGetValue("KernelRegularizer", out var regularizer) ? (RegularizerKind)ToInt(regularizer) : RegularizerKind.None,
                        L1: named.TryGetValue("L1", out var l1) ? ToDouble(l1) : 0.01,
                        L2: named.TryGetValue("L2", out var l2) ? ToDouble(l2) : 0.01,
                        Location: location);
                case ContractNames.DropoutAttribute when arguments.Length == 1:
                    return new DropoutSpec(ToDouble(arguments[0].Value), location);
                case ContractNames.ActivationAttribute when arguments.Length == 1:
                    return new ActivationSpec((ActivationKind)ToInt(arguments[0].Value), location);
                case ContractNames.Conv2DAttribute when arguments.Length == 3 || arguments.Length == 4:
                    return ReadConv2D(attribute, arguments.Select(argument => argument.Value).ToArray(), location);
                case ContractNames.MaxPooling2DAttribute when arguments.Length == 1 || arguments.Length == 2:
                case ContractNames.AveragePooling2DAttribute when arguments.Length == 1 || arguments.Length == 2:
                    var pooling = Named(attribute);
                    int poolHeight = ToInt(arguments[0].Value);
                    return new Pooling2DSpec(
                        IsMax: MetadataName(attribute) == ContractNames.MaxPooling2DAttribute,
                        PoolHeight: poolHeight,
                        PoolWidth: arguments.Length == 2 ? ToInt(arguments[1].Value) : poolHeight,
                        Strides: pooling.TryGetValue("Strides", out var poolStrides) ? ToInt(poolStrides) : 0,
                        Padding: pooling.TryGetValue("Padding", out var poolPadding) ? (PaddingKind)ToInt(poolPadding) : PaddingKind.Valid,
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

    /// <summary>Conv2D(filters, kernelSize, activation) or Conv2D(filters, kernelHeight, kernelWidth, activation).</summary>
    private static Conv2DSpec ReadConv2D(AttributeData attribute, object?[] arguments, LocationInfo location)
    {
        var named = Named(attribute);
        bool square = arguments.Length == 3;
        int kernelHeight = ToInt(arguments[1]);
        return new Conv2DSpec(
            Filters: ToInt(arguments[0]),
            KernelHeight: kernelHeight,
            KernelWidth: square ? kernelHeight : ToInt(arguments[2]),
            Activation: (ActivationKind)ToInt(arguments[square ? 2 : 3]),
            Strides: named.TryGetValue("Strides", out var strides) ? ToInt(strides) : 1,
            Padding: named.TryGetValue("Padding", out var padding) ? (PaddingKind)ToInt(padding) : PaddingKind.Valid,
            UseBias: named.TryGetValue("UseBias", out var useBias) ? useBias is true : true,
            KernelInitializer: named.TryGetValue("KernelInitializer", out var kernel) ? (InitializerKind)ToInt(kernel) : InitializerKind.GlorotUniform,
            BiasInitializer: named.TryGetValue("BiasInitializer", out var bias) ? (InitializerKind)ToInt(bias) : InitializerKind.Zeros,
            KernelRegularizer: named.TryGetValue("KernelRegularizer", out var regularizer) ? (RegularizerKind)ToInt(regularizer) : RegularizerKind.None,
            L1: named.TryGetValue("L1", out var l1) ? ToDouble(l1) : 0.01,
            L2: named.TryGetValue("L2", out var l2) ? ToDouble(l2) : 0.01,
            Location: location);
    }

    /// <summary>The named arguments (property = value) of an attribute.</summary>
    public static Dictionary<string, object?> Named(AttributeData attribute)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in attribute.NamedArguments)
            if (pair.Value.Kind != TypedConstantKind.Error) values[pair.Key] = pair.Value.Value;
        return values;
    }

    public static int ToInt(object? value) => Convert.ToInt32(value ?? throw new InvalidCastException(), CultureInfo.InvariantCulture);

    public static double ToDouble(object? value) => Convert.ToDouble(value ?? throw new InvalidCastException(), CultureInfo.InvariantCulture);
}
