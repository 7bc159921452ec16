using System;
using System.Globalization;
using System.Linq;
using NeuralDsl.Generators.Common;

namespace NeuralDsl.Generators.Contract;

/// <summary>Metadata names of the contract's attributes, and the Keras / C# spellings of its enum members.</summary>
internal static class ContractNames
{
    public const string ModelAttribute = "NeuralDsl.ModelAttribute";
    public const string InputAttribute = "NeuralDsl.InputAttribute";
    public const string DenseAttribute = "NeuralDsl.DenseAttribute";
    public const string DropoutAttribute = "NeuralDsl.DropoutAttribute";
    public const string ActivationAttribute = "NeuralDsl.ActivationAttribute";
    public const string Conv2DAttribute = "NeuralDsl.Conv2DAttribute";
    public const string MaxPooling2DAttribute = "NeuralDsl.MaxPooling2DAttribute";
    public const string AveragePooling2DAttribute = "NeuralDsl.AveragePooling2DAttribute";
    public const string FlattenAttribute = "NeuralDsl.FlattenAttribute";
    public const string ReuseAttribute = "NeuralDsl.ReuseAttribute";

    /// <summary>The base class generated models derive from.</summary>
    public const string SequentialModel = "NeuralDsl.SequentialModel";

    /// <summary>Every layer attribute, in the order a reader checks them.</summary>
    public static readonly string[] LayerAttributes =
    {
        InputAttribute, DenseAttribute, DropoutAttribute, ActivationAttribute,
        Conv2DAttribute, MaxPooling2DAttribute, AveragePooling2DAttribute, FlattenAttribute, ReuseAttribute,
    };

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
