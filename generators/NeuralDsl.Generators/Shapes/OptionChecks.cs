using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Reading;

namespace NeuralDsl.Generators.Shapes;

/// <summary>Checks of values that do not depend on shapes: enum values that exist, positive units,
/// dropout rates in [0, 1), usable regularization factors.</summary>
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
                if (!ContractNames.IsDefined(dense.KernelInitializer))
                    Undefined(diagnostics, dense.Location, dense.Display, "KernelInitializer", ContractNames.CSharp("Initializer", dense.KernelInitializer, defined: false), "Initializer");
                if (!ContractNames.IsDefined(dense.BiasInitializer))
                    Undefined(diagnostics, dense.Location, dense.Display, "BiasInitializer", ContractNames.CSharp("Initializer", dense.BiasInitializer, defined: false), "Initializer");
                if (!ContractNames.IsDefined(dense.KernelRegularizer))
                    Undefined(diagnostics, dense.Location, dense.Display, "KernelRegularizer", ContractNames.CSharp("Regularizer", dense.KernelRegularizer, defined: false), "Regularizer");
                // Factors matter only to the regularizers that use them; with Regularizer.None they are ignored.
                if (dense.KernelRegularizer is RegularizerKind.L1 or RegularizerKind.L1L2) CheckFactor(dense, "L1", dense.L1, diagnostics);
                if (dense.KernelRegularizer is RegularizerKind.L2 or RegularizerKind.L1L2) CheckFactor(dense, "L2", dense.L2, diagnostics);
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

    private static void CheckFactor(DenseSpec dense, string name, double value, List<DiagnosticInfo> diagnostics)
    {
        if (!(value >= 0 && value <= float.MaxValue)) // NaN, negative, infinite or beyond a float
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRegularizationFactor, dense.Location, dense.Display, name, Literals.Number(value)));
    }

    private static void Undefined(List<DiagnosticInfo> diagnostics, LocationInfo location, string owner, string property, string value, string type) =>
        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UndefinedOption, location, owner, property, value, type));
}
