using System;
using System.Globalization;

namespace NeuralDsl.Generators.Contract;

/// <summary>Metadata names of the contract's attributes and the Keras / C# spellings of its enum members.</summary>
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

    /// <summary>Every layer attribute, in the order a reader checks them.</summary>
    public static readonly string[] LayerAttributes =
    {
        InputAttribute, DenseAttribute, DropoutAttribute, ActivationAttribute,
        Conv2DAttribute, MaxPooling2DAttribute, AveragePooling2DAttribute, FlattenAttribute,
    };

    public static bool IsDefined(ActivationKind value) => value >= ActivationKind.Linear && value <= ActivationKind.Softplus;

    public static bool IsDefined(InitializerKind value) => value >= InitializerKind.RandomUniform && value <= InitializerKind.HeNormal;

    public static bool IsDefined(LossKind value) => value >= LossKind.MeanSquaredError && value <= LossKind.SparseCategoricalCrossentropy;

    public static bool IsDefined(RegularizerKind value) => value >= RegularizerKind.None && value <= RegularizerKind.L1L2;

    public static bool IsDefined(PaddingKind value) => value >= PaddingKind.Valid && value <= PaddingKind.Same;

    public static bool IsDefined(MetricFlags value) => (value & ~MetricFlags.All) == 0;

    /// <summary>Keras's name: relu, leaky_relu, softmax…</summary>
    public static string Keras(ActivationKind value) => value switch
    {
        ActivationKind.LeakyRelu => "leaky_relu",
        _ => value.ToString().ToLowerInvariant(),
    };

    /// <summary>Keras's name: glorot_uniform, he_normal, zeros…</summary>
    public static string Keras(InitializerKind value) => value switch
    {
        InitializerKind.RandomUniform => "random_uniform",
        InitializerKind.RandomNormal => "random_normal",
        InitializerKind.GlorotUniform => "glorot_uniform",
        InitializerKind.GlorotNormal => "glorot_normal",
        InitializerKind.HeUniform => "he_uniform",
        InitializerKind.HeNormal => "he_normal",
        _ => value.ToString().ToLowerInvariant(),
    };

    /// <summary>How a user writes a value, e.g. <c>Activation.Relu</c>, or <c>(Activation)42</c> when it is undefined.</summary>
    public static string CSharp<TEnum>(string enumName, TEnum value, bool defined) where TEnum : struct, Enum =>
        defined
            ? enumName + "." + value.ToString()
            : "(" + enumName + ")" + Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
}
