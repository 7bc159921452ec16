using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Conv2D(filters, kernelSize | kernelHeight, kernelWidth, activation) { Strides, Padding, UseBias,
/// KernelInitializer, BiasInitializer, KernelRegularizer, L1, L2 }]</c>.</summary>
internal sealed record Conv2DSpec(
    int Filters,
    int KernelHeight,
    int KernelWidth,
    Activation Activation,
    int Strides,
    Padding Padding,
    WeightOptions Weights,
    LocationInfo Location) : LayerSpec(Location)
{
    public override WeightOptions? WeightOptions => Weights;

    public override string Kind => "Conv2D";

    /// <summary><c>Conv2D(32, 3)</c> for a square kernel, <c>Conv2D(6, 5, 3)</c> for a 5×3 one.</summary>
    public override string Display => "Conv2D(" + Literals.Int(Filters) + ", " +
        (IsSquare ? Literals.Int(KernelHeight) : Literals.Int(KernelHeight) + ", " + Literals.Int(KernelWidth)) + ")";

    public override Activation? OutputActivation => Activation;

    public bool IsSquare => KernelHeight == KernelWidth;

    public override LayerSpec ForInstance(int filters, int strides) =>
        this with { Filters = BlockInstance.Scale(Filters, filters), Strides = Strides == BlockInstance.InstanceStrides ? strides : Strides };

    public override LayerSpec Frozen() => this with { Weights = Weights with { Trainable = false } };

    public override void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
        if (Filters <= 0) OptionChecks.NonPositive(diagnostics, this, "the filter count", Filters);
        OptionChecks.CheckWindow(diagnostics, this, "kernel", KernelHeight, KernelWidth);
        if (Strides <= 0) OptionChecks.NonPositive(diagnostics, this, "Strides", Strides);
        OptionChecks.CheckDefined(diagnostics, Location, Display, "Activation", Activation);
        OptionChecks.CheckDefined(diagnostics, Location, Display, "Padding", Padding);
        OptionChecks.CheckWeightOptions(this, Weights, diagnostics);
    }

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics)
    {
        bool valid = Filters > 0 && KernelHeight > 0 && KernelWidth > 0 && Strides > 0 && ContractNames.IsDefined(Padding);
        var window = WindowShapes.Slide(this, inputs, KernelHeight, KernelWidth, Strides, Padding, valid, diagnostics);
        if (window is null) return null;
        var output = WindowShapes.Output(this, inputs, diagnostics, window.OutputHeight, window.OutputWidth, Filters);
        if (output is null) return null;
        long kernelLength = (long)KernelHeight * KernelWidth * window.InputChannels * Filters;
        if (kernelLength > int.MaxValue)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOutputSize, Location, Display, inputs.First.ToString(), inputs.FirstKind,
                output.ToString(), "its kernel would hold " + kernelLength.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                " weights, more than " + Literals.Int(int.MaxValue)));
            return null;
        }
        if (Activation == Activation.Softmax)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxNeedsVector, Location, Description, output.ToString(), Kind));
        return new ShapedOutput(output, window);
    }

    /// <summary>The kernel [kernelHeight, kernelWidth, inputChannels, filters] as Keras lays it out, then the bias.</summary>
    public override IEnumerable<TensorSpec> TensorSpecs(ShapedLayer layer) =>
        WeightedTensors.Of(Weights, EquatableArray.Of(KernelHeight, KernelWidth, layer.Window!.InputChannels, Filters), Filters);

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) =>
        new ConvOp(common, Activation, fusions.FusedWithLoss, RegularizationPlan.Of(Weights), layer.Window!, fusions.FoldedNormalization,
            fusions.FoldedActivation, fusions.PooledBy, fusions.FoldedAdd);

    public const string AttributeName = "NeuralDsl.Conv2DAttribute";

    /// <summary><c>Conv2D(filters, kernelSize, activation)</c> or <c>Conv2D(filters, kernelHeight, kernelWidth, activation)</c>.</summary>
    public static LayerSpec? Read(AttributeArguments a)
    {
        if (a.Count != 3 && a.Count != 4) return null;
        bool square = a.Count == 3;
        return new Conv2DSpec(
            Filters: a.Int(0),
            KernelHeight: a.Int(1),
            KernelWidth: a.Int(square ? 1 : 2),
            Activation: (Activation)a.Int(square ? 2 : 3),
            Strides: a.Named.Int("Strides", LayerDefaults.Conv2DStrides),
            Padding: (Padding)a.Named.Int("Padding", (int)LayerDefaults.Padding),
            Weights: WeightOptions.Read(a.Named),
            Location: a.Location);
    }
}
