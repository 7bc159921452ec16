using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Dense(units, activation) { UseBias, KernelInitializer, BiasInitializer, KernelRegularizer, L1, L2 }]</c>.</summary>
internal sealed record DenseSpec(int Units, Activation Activation, WeightOptions Weights, LocationInfo Location) : LayerSpec(Location)
{
    public override WeightOptions? WeightOptions => Weights;

    public override string Kind => "Dense";

    public override string Display => "Dense(" + Literals.Int(Units) + ")";

    public override Activation? OutputActivation => Activation;

    public override LayerSpec ForInstance(int filters, int strides) => this with { Units = BlockInstance.Scale(Units, filters) };

    public override LayerSpec Frozen() => this with { Weights = Weights with { Trainable = false } };

    public override void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
        if (Units <= 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NonPositiveUnits, Location, Display, Literals.Int(Units)));
        OptionChecks.CheckDefined(diagnostics, Location, Display, "Activation", Activation);
        OptionChecks.CheckWeightOptions(this, Weights, diagnostics);
    }

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics)
    {
        if (!inputs.First.IsVector)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DenseNeedsVector, Location, Display, inputs.First.ToString(), inputs.FirstKind));
        if (Units <= 0) return null;
        var output = Shape.Vector(Units);
        if (Activation == Activation.Softmax && Units == 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnOneUnit, Location, Description, output.ToString()));
        return new ShapedOutput(output);
    }

    /// <summary>The kernel [inputs, units] as Keras lays it out, then the bias.</summary>
    public override IEnumerable<TensorSpec> TensorSpecs(ShapedLayer layer) =>
        WeightedTensors.Of(Weights, EquatableArray.Of(layer.Input.Size, Units), Units);

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) =>
        new DenseOp(common, Activation, fusions.FusedWithLoss, RegularizationPlan.Of(Weights), fusions.FusedDropout);

    public const string AttributeName = "NeuralDsl.DenseAttribute";

    /// <summary><c>Dense(units, activation)</c> and the weight options.</summary>
    public static LayerSpec? Read(AttributeArguments a) =>
        a.Count == 2 ? new DenseSpec(a.Int(0), (Activation)a.Int(1), WeightOptions.Read(a.Named), a.Location) : null;
}
