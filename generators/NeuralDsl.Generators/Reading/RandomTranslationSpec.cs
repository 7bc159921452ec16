using System.Collections.Generic;
using NeuralDsl.Generators.Common;
using NeuralDsl.Generators.Diagnostics;
using NeuralDsl.Generators.Planning;
using NeuralDsl.Generators.Shapes;

namespace NeuralDsl.Generators.Reading;

/// <summary><c>[RandomTranslation(heightFactor, widthFactor) { FillMode, Interpolation, FillValue }]</c>: augmentation that
/// shifts images in training, the identity at inference.</summary>
internal sealed record RandomTranslationSpec(double HeightFactor, double WidthFactor, FillMode FillMode, Interpolation Interpolation, double FillValue,
    LocationInfo Location) : LayerSpec(Location)
{
    public const string AttributeName = "NeuralDsl.RandomTranslationAttribute";

    public override string Kind => "RandomTranslation";

    public override string Display => "RandomTranslation(" + Literals.Number(HeightFactor) + ", " + Literals.Number(WidthFactor) + ")";

    public override bool IsTrainingOnly => true;

    public static LayerSpec? Read(AttributeArguments a) => a.Count == 2
        ? new RandomTranslationSpec(a.Double(0), a.Double(1),
            (FillMode)a.Named.Int("FillMode", (int)LayerDefaults.FillMode),
            (Interpolation)a.Named.Int("Interpolation", (int)LayerDefaults.Interpolation),
            a.Named.Double("FillValue") ?? LayerDefaults.FillValue, a.Location)
        : null;

    public override void CheckOptions(List<DiagnosticInfo> diagnostics)
    {
        foreach (var (name, value) in new[] { ("the height factor", HeightFactor), ("the width factor", WidthFactor) })
            if (!(value >= 0 && value <= 1))
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionOutOfRange, Location, Display, name, Literals.Number(value), "in [0, 1]"));
        OptionChecks.CheckDefined(diagnostics, Location, Display, "FillMode", FillMode);
        OptionChecks.CheckDefined(diagnostics, Location, Display, "Interpolation", Interpolation);
        if (!(System.Math.Abs(FillValue) <= float.MaxValue))
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OptionOutOfRange, Location, Display, "FillValue", Literals.Number(FillValue), "finite"));
    }

    public override ShapedOutput? InferShape(LayerInputs inputs, List<DiagnosticInfo> diagnostics) =>
        WindowShapes.NeedsImage(this, inputs, diagnostics) ? new ShapedOutput(inputs.First) : null;

    /// <summary>Per row: the vertical and horizontal shift in pixels.</summary>
    public override IEnumerable<(BufferRole Role, int Width)> KeptBuffers(ShapedLayer layer) => new[] { (BufferRole.Draws, 2) };

    public override OpPlan CreateOp(OpCommon common, ShapedLayer layer, OpFusions fusions) =>
        new RandomTranslationOp(common, HeightFactor, WidthFactor, FillMode, Interpolation, FillValue);
}
