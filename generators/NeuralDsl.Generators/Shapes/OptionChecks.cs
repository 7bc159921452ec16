using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>Checks of values that do not depend on shapes: the model's options, layer names, and the helpers the layer
/// kinds' own checks (<see cref="LayerSpec.CheckOptions"/>) share: enum values that exist, positive windows and strides,
/// usable regularization factors that the regularizer uses.</summary>
internal static class OptionChecks
{
    public static void CheckModel(ModelSpec spec, List<DiagnosticInfo> diagnostics)
    {
        CheckDefined(diagnostics, spec.Location, "Model", "Loss", spec.Loss);
        CheckDefined(diagnostics, spec.Location, "Model", "Metrics", spec.Metrics);
    }

    /// <summary>What every layer is checked for (a valid name), then what its kind checks.</summary>
    public static void CheckLayer(LayerSpec layer, List<DiagnosticInfo> diagnostics)
    {
        if (layer.Name is { } name && !(layer is RepeatSpec ? IsValidPrefix(name) : IsValidName(name)))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidLayerName, layer.Location, layer.Display, name));
        layer.CheckOptions(diagnostics);
    }

    /// <summary>A Repeat's name prefixes its instances' numbers, so it may end in an underscore: "layer1_" gives "layer1_0"
    /// (PyTorch's layer1.0), as "conv2_block" gives "conv2_block1".</summary>
    public static bool IsValidPrefix(string name) => IsValidName(name + "0");

    /// <summary>A Keras-style snake_case name: a lower-case letter, then lower-case letters, digits and single underscores
    /// (so that the C# and OpenCL names made from it stay distinct), not ending in one.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || name[0] < 'a' || name[0] > 'z' || name[name.Length - 1] == '_') return false;
        for (int i = 1; i < name.Length; i++)
        {
            char c = name[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '_' && name[i - 1] != '_');
            if (!ok) return false;
        }
        return true;
    }

    /// <summary>The options Dense and Conv2D share for their kernel and bias.</summary>
    public static void CheckWeightOptions(LayerSpec layer, WeightOptions options, List<DiagnosticInfo> diagnostics)
    {
        CheckDefined(diagnostics, layer.Location, layer.Display, "KernelInitializer", options.KernelInitializer);
        CheckDefined(diagnostics, layer.Location, layer.Display, "BiasInitializer", options.BiasInitializer);
        CheckRegularizer(layer, options.KernelRegularizer, diagnostics);
    }

    /// <summary>Every written factor must be usable, whether or not the regularizer uses it; one that the written
    /// regularizer does not use is an error, never ignored.</summary>
    private static void CheckRegularizer(LayerSpec layer, RegularizerChoice choice, List<DiagnosticInfo> diagnostics)
    {
        if (choice.WrittenKind is { } kind) CheckDefined(diagnostics, layer.Location, layer.Display, "KernelRegularizer", kind);
        if (choice.WrittenL1 is { } l1) CheckFactor(layer, "L1", l1, diagnostics);
        if (choice.WrittenL2 is { } l2) CheckFactor(layer, "L2", l2, diagnostics);
        if (!ContractNames.IsDefined(choice.Kind)) return; // NDSL014 says it all
        if (choice.IgnoresL1) Ignored(layer, choice, "L1", choice.WrittenL1!.Value, diagnostics);
        if (choice.IgnoresL2) Ignored(layer, choice, "L2", choice.WrittenL2!.Value, diagnostics);
    }

    private static void CheckFactor(LayerSpec layer, string name, double value, List<DiagnosticInfo> diagnostics)
    {
        if (!(value >= 0 && value <= float.MaxValue)) // NaN, negative, infinite or beyond a float
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRegularizationFactor, layer.Location, layer.Display, name, Literals.Number(value)));
    }

    private static void Ignored(LayerSpec layer, RegularizerChoice choice, string name, double value, List<DiagnosticInfo> diagnostics)
    {
        string uses = RegularizerChoice.UsesL1(choice.Kind) ? "only L1" : RegularizerChoice.UsesL2(choice.Kind) ? "only L2" : "no factor";
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IgnoredRegularizationFactor, layer.Location, layer.Display,
            name, Literals.Number(value), ContractNames.CSharp(choice.Kind), uses, ContractNames.CSharp(choice.KindUsingEveryFactor)));
    }

    /// <summary>A square window is reported once as its size, a rectangular one per dimension.</summary>
    public static void CheckWindow(List<DiagnosticInfo> diagnostics, LayerSpec layer, string window, int height, int width)
    {
        if (height == width)
        {
            if (height <= 0) NonPositive(diagnostics, layer, "the " + window + " size", height);
            return;
        }
        if (height <= 0) NonPositive(diagnostics, layer, "the " + window + " height", height);
        if (width <= 0) NonPositive(diagnostics, layer, "the " + window + " width", width);
    }

    public static void NonPositive(List<DiagnosticInfo> diagnostics, LayerSpec layer, string what, int value) =>
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveWindow, layer.Location, layer.Display, what, Literals.Int(value), "positive"));

    /// <summary>NDSL014 when <paramref name="value"/> is none of its enum's members.</summary>
    public static void CheckDefined<TEnum>(List<DiagnosticInfo> diagnostics, LocationInfo location, string owner, string property, TEnum value)
        where TEnum : struct, System.Enum
    {
        if (!ContractNames.IsDefined(value))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedOption, location, owner, property, ContractNames.CSharp(value), typeof(TEnum).Name));
    }
}
