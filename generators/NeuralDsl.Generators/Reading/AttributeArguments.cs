using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Reading;

/// <summary>One layer attribute's arguments as plain values, for a layer kind's reader: the constructor's values in order
/// (an array argument as its elements), the named ones (<see cref="Named"/>) and where the attribute is written. A value
/// of the wrong type throws <see cref="InvalidCastException"/>, which the caller reads as "does not bind".</summary>
internal sealed class AttributeArguments
{
    private readonly AttributeData _attribute;

    public AttributeArguments(AttributeData attribute, LocationInfo location)
    {
        _attribute = attribute;
        Location = location;
        Named = new LayerAttributeReader.NamedArguments(attribute);
    }

    public LocationInfo Location { get; }

    public LayerAttributeReader.NamedArguments Named { get; }

    /// <summary>How many constructor arguments the attribute was written with (a params array counts as one).</summary>
    public int Count => _attribute.ConstructorArguments.Length;

    public int Int(int index) => ToInt(Value(index));

    public double Double(int index) => Convert.ToDouble(Value(index) ?? throw new InvalidCastException(), CultureInfo.InvariantCulture);

    /// <summary>An array argument (<c>params int[]</c>, <c>params string[]</c>) as its elements.</summary>
    public EquatableArray<T> Array<T>(int index, Func<object?, T> convert) where T : IEquatable<T>
    {
        var argument = _attribute.ConstructorArguments[index];
        if (argument.Kind != TypedConstantKind.Array) throw new InvalidCastException();
        return argument.Values.Select(value => convert(value.Value)).ToEquatableArray();
    }

    public bool IsArray(int index) => _attribute.ConstructorArguments[index].Kind == TypedConstantKind.Array;

    public static int ToInt(object? value) => Convert.ToInt32(value ?? throw new InvalidCastException(), CultureInfo.InvariantCulture);

    public static string ToText(object? value) => value as string ?? throw new InvalidCastException();

    private object? Value(int index)
    {
        var argument = _attribute.ConstructorArguments[index];
        return argument.Kind == TypedConstantKind.Array ? throw new InvalidCastException() : argument.Value;
    }
}
