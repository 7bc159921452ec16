using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>Checks of values that do not depend on shapes: enum values that exist, positive units, filters,
/// windows and strides, dropout rates in [0, 1), usable regularization factors.</summary>
internal static class OptionChecks
{
    public static void CheckModel(ModelSpec spec, List<DiagnosticInfo> diagnostics)
    {
        if (!ContractNames.IsDefined(spec.Loss))
            Undefined(diagnostics, spec.Location, "Model", "Loss", ContractNames.CSharp("Loss", spec.Loss, defined: false), "Loss");
        if (!ContractNames.IsDefined(spec.Metrics))
            Undefined(diagnostics, spec.Location, "Model", "Metrics", ContractNames.CSharp("Metric", spec.Metrics, defined: false), "Metric");
    }

    public static void CheckLayer(LayerSpec layer, List<DiagnosticInfo> diagnostics)
    {
        switch (layer)
        {
            case DenseSpec dense:
                if (dense.Units <= 0)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveUnits, dense.Location, dense.Display, Literals.Int(dense.Units)));
                if (!ContractNames.IsDefined(dense.Activation))
                    Undefined(diagnostics, dense.Location, dense.Display, "Activation", ContractNames.CSharp("Activation", dense.Activation, defined: false), "Activation");
                CheckKernelOptions(dense, dense.KernelInitializer, dense.BiasInitializer, dense.KernelRegularizer, dense.L1, dense.L2, diagnostics);
                break;
            case Conv2DSpec conv:
                if (conv.Filters <= 0) NonPositive(diagnostics, conv, "the filter count", conv.Filters);
                CheckWindow(diagnostics, conv, "kernel", conv.KernelHeight, conv.KernelWidth);
                if (conv.Strides <= 0) NonPositive(diagnostics, conv, "Strides", conv.Strides);
                if (!ContractNames.IsDefined(conv.Activation))
                    Undefined(diagnostics, conv.Location, conv.Display, "Activation", ContractNames.CSharp("Activation", conv.Activation, defined: false), "Activation");
                if (!ContractNames.IsDefined(conv.Padding))
                    Undefined(diagnostics, conv.Location, conv.Display, "Padding", ContractNames.CSharp("Padding", conv.Padding, defined: false), "Padding");
                CheckKernelOptions(conv, conv.KernelInitializer, conv.BiasInitializer, conv.KernelRegularizer, conv.L1, conv.L2, diagnostics);
                break;
            case Pooling2DSpec pooling:
                CheckWindow(diagnostics, pooling, "pool", pooling.PoolHeight, pooling.PoolWidth);
                if (pooling.Strides < 0)
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveWindow, pooling.Location, pooling.Display,
                        "Strides", Literals.Int(pooling.Strides), "positive, or 0 for the pool size"));
                if (!ContractNames.IsDefined(pooling.Padding))
                    Undefined(diagnostics, pooling.Location, pooling.Display, "Padding", ContractNames.CSharp("Padding", pooling.Padding, defined: false), "Padding");
                break;
            case DropoutSpec dropout:
                if (!(dropout.Rate >= 0 && dropout.Rate < 1)) // NaN fails both
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DropoutRateOutOfRange, dropout.Location, dropout.Display, Literals.Number(dropout.Rate)));
                break;
            case ActivationSpec activation:
                if (!ContractNames.IsDefined(activation.Activation))
                    Undefined(diagnostics, activation.Location, activation.Display, "activation", ContractNames.CSharp("Activation", activation.Activation, defined: false), "Activation");
                break;
        }
    }

    /// <summary>The options Dense and Conv2D share for their kernel and bias.</summary>
    private static void CheckKernelOptions(LayerSpec layer, InitializerKind kernelInitializer, InitializerKind biasInitializer,
        RegularizerKind regularizer, double l1, double l2, List<DiagnosticInfo> diagnostics)
    {
        if (!ContractNames.IsDefined(kernelInitializer))
            Undefined(diagnostics, layer.Location, layer.Display, "KernelInitializer", ContractNames.CSharp("Initializer", kernelInitializer, defined: false), "Initializer");
        if (!ContractNames.IsDefined(biasInitializer))
            Undefined(diagnostics, layer.Location, layer.Display, "BiasInitializer", ContractNames.CSharp("Initializer", biasInitializer, defined: false), "Initializer");
        if (!ContractNames.IsDefined(regularizer))
            Undefined(diagnostics, layer.Location, layer.Display, "KernelRegularizer", ContractNames.CSharp("Regularizer", regularizer, defined: false), "Regularizer");
        CheckFactors(layer, regularizer, l1, l2, diagnostics);
    }

    /// <summary>Factors matter only to the regularizers that use them; with Regularizer.None they are ignored.</summary>
    private static void CheckFactors(LayerSpec layer, RegularizerKind regularizer, double l1, double l2, List<DiagnosticInfo> diagnostics)
    {
        if (regularizer is RegularizerKind.L1 or RegularizerKind.L1L2) CheckFactor(layer, "L1", l1, diagnostics);
        if (regularizer is RegularizerKind.L2 or RegularizerKind.L1L2) CheckFactor(layer, "L2", l2, diagnostics);
    }

    private static void CheckFactor(LayerSpec layer, string name, double value, List<DiagnosticInfo> diagnostics)
    {
        if (!(value >= 0 && value <= float.MaxValue)) // NaN, negative, infinite or beyond a float
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRegularizationFactor, layer.Location, layer.Display, name, Literals.Number(value)));
    }

    /// <summary>A square window is reported once as its size, a rectangular one per dimension.</summary>
    private static void CheckWindow(List<DiagnosticInfo> diagnostics, LayerSpec layer, string window, int height, int width)
    {
        if (height == width)
        {
            if (height <= 0) NonPositive(diagnostics, layer, "the " + window + " size", height);
            return;
        }
        if (height <= 0) NonPositive(diagnostics, layer, "the " + window + " height", height);
        if (width <= 0) NonPositive(diagnostics, layer, "the " + window + " width", width);
    }

    private static void NonPositive(List<DiagnosticInfo> diagnostics, LayerSpec layer, string what, int value) =>
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveWindow, layer.Location, layer.Display, what, Literals.Int(value), "positive"));

    private static void Undefined(List<DiagnosticInfo> diagnostics, LocationInfo location, string owner, string property, string value, string type) =>
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedOption, location, owner, property, value, type));
}
