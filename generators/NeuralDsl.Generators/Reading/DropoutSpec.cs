using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[Dropout(rate)]</c>.</summary>
internal sealed record DropoutSpec(double Rate, LocationInfo Location) : LayerSpec(Location)
{
    public override string Kind => "Dropout";

    public override string Display => "Dropout(" + Literals.Number(Rate) + ")";

    public override bool IsTrainingOnly => true;

    public override void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
        if (!(Rate >= 0 && Rate < 1)) // NaN fails both
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DropoutRateOutOfRange, Location, Display, Literals.Number(Rate)));
    }

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics) => new ShapedOutput(inputs.First);

    public override IEnumerable<(BufferRole Role, int Width)> KeptBuffers(ShapedLayer layer) => new[] { (BufferRole.Mask, layer.Output.Size) };

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) => new DropoutOp(common, Rate, fusions.FusedInto);

    public const string AttributeName = "NeuralDsl.DropoutAttribute";

    public static LayerSpec? Read(AttributeArguments a) => a.Count == 1 ? new DropoutSpec(a.Double(0), a.Location) : null;
}
