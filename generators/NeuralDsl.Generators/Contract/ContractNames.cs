using System;
using System.Globalization;
using System.Linq;
using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Contract;

/// <summary>Metadata names of the contract's model-level attributes (a layer kind names its own attribute), and the
/// Keras / C# spellings of its enum members.</summary>
internal static class ContractNames
{
    public const string ModelAttribute = "NeuralDsl.ModelAttribute";
    public const string ReuseAttribute = "NeuralDsl.ReuseAttribute";
    public const string BlockAttribute = "NeuralDsl.BlockAttribute";

    /// <summary>The base class generated models derive from.</summary>
    public const string SequentialModel = "NeuralDsl.SequentialModel";

    private static readonly Metric AllMetrics = Enum.GetValues(typeof(Metric)).Cast<Metric>().Aggregate((a, b) => a | b);

    /// <summary>Whether <paramref name="value"/> is one of the enum's members (any combination of flags for <see cref="Metric"/>).</summary>
    public static bool IsDefined<TEnum>(TEnum value) where TEnum : struct, Enum =>
        value is Metric metric ? (metric & ~AllMetrics) == 0 : Enum.IsDefined(typeof(TEnum), value);

    /// <summary>Keras's name: relu, leaky_relu, softmax…; an undefined value as C# writes it.</summary>
    public static string Keras(Activation value) => !IsDefined(value) ? CSharp(value) : Casing.SnakeCase(value.ToString());

    /// <summary>Keras's name: glorot_uniform, he_normal, zeros…</summary>
    public static string Keras(Initializer value) => !IsDefined(value) ? CSharp(value) : Casing.SnakeCase(value.ToString());

    /// <summary>How a user writes a value: <c>Activation.Relu</c>, or <c>(Activation)42</c> when it is undefined.</summary>
    public static string CSharp<TEnum>(TEnum value) where TEnum : struct, Enum =>
        IsDefined(value)
            ? typeof(TEnum).Name + "." + value
            : "(" + typeof(TEnum).Name + ")" + Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
