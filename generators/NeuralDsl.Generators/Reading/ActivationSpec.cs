using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Activation(activation)]</c>: a stand-alone activation layer.</summary>
internal sealed record ActivationSpec(Activation Activation, LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Activation";

    public override string Display => "Activation(" + ContractNames.Keras(Activation) + ")";

    public override Activation? OutputActivation => Activation;

    /// <summary>The layer already names its activation.</summary>
    public override string Description => Display;

    public override void CheckOptions(List<DiagnosticInfo> diagnostics) =>
        OptionChecks.CheckDefined(diagnostics, Location, Display, "activation", Activation);

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics)
    {
        var input = inputs.First;
        if (Activation == Activation.Softmax)
        {
            if (!input.IsVector)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxNeedsVector, Location, Display, input.ToString(), inputs.FirstKind));
            else if (input.Size == 1)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxOnOneUnit, Location, Display, input.ToString()));
        }
        return new ShapedOutput(input);
    }

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) => new ActivationOp(common, Activation, fusions.FusedWithLoss, fusions.FusedInto);

    public const string AttributeName = "NeuralDsl.ActivationAttribute";

    public static LayerSpec? Read(AttributeArguments a) => a.Count == 1 ? new ActivationSpec((Activation)a.Int(0), a.Location) : null;
}
