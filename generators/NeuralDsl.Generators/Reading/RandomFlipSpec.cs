using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Contract;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[RandomFlip(mode)]</c>: augmentation that flips images in training, the identity at inference.</summary>
internal sealed record RandomFlipSpec(Flip Mode, LocationInfo Location) : LayerSpec(Location)
{
    public const string AttributeName = "NeuralDsl.RandomFlipAttribute";

    public override string Kind => "RandomFlip";

    public override string Display => "RandomFlip(" + ContractNames.CSharp(Mode) + ")";

    public override bool IsTrainingOnly => true;

    public static LayerSpec? Read(AttributeArguments a) => a.Count == 1 ? new RandomFlipSpec((Flip)a.Int(0), a.Location) : null;

    public override void CheckOptions(List<DiagnosticInfo> diagnostics) => OptionChecks.CheckDefined(diagnostics, Location, Display, "mode", Mode);

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics) =>
        WindowShapes.NeedsImage(this, inputs, diagnostics) ? new ShapedOutput(inputs.First) : null;

    /// <summary>Per row: whether it flips left-right, whether it flips upside down.</summary>
    public override IEnumerable<(BufferRole Role, int Width)> KeptBuffers(ShapedLayer layer) => new[] { (BufferRole.Draws, 2) };

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) =>
        new RandomFlipOp(common, Horizontal: Mode != Flip.Vertical, Vertical: Mode != Flip.Horizontal);
}
